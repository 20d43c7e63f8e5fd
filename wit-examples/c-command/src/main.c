// A WASI command that shows what its host granted it:
//
//   show-grants [--read <file>]… [--cat] [args…]
//
// It prints each argument, each environment variable it was given, and the contents of each
// `--read` file; with `--cat`, then each line of its standard input until it ends. Without a preopened directory that contains the file, reading it fails
// (WASI has no ambient file system): the exit code is then 1.
//
// Build (what "WIT: Build Component" runs):
//   clang --target=wasm32-wasi -mexec-model=command -O2 src/main.c -o build/command.core.wasm
//   then embed wit/ (world `command`) and make a component with the command adapter.
#include <errno.h>
#include <stdio.h>
#include <string.h>

extern char **environ;

static int show_file(const char *path) {
  FILE *f = fopen(path, "r");
  if (!f) {
    printf("cannot read %s: %s\n", path, strerror(errno));
    return 1;
  }
  char buffer[4096];
  size_t n = fread(buffer, 1, sizeof buffer - 1, f);
  fclose(f);
  buffer[n] = '\0';
  // One line per file, whatever its line ends.
  for (char *c = buffer; *c; c++)
    if (*c == '\n' || *c == '\r') *c = ' ';
  while (n > 0 && buffer[n - 1] == ' ') buffer[--n] = '\0';
  printf("read %s: %s\n", path, buffer);
  return 0;
}

int main(int argc, char **argv) {
  int failed = 0;
  printf("argc: %d\n", argc);
  for (int i = 0; i < argc; i++) printf("arg[%d]: %s\n", i, argv[i]);
  int count = 0;
  for (char **e = environ; e && *e; e++) count++;
  printf("env: %d variable%s\n", count, count == 1 ? "" : "s");
  for (char **e = environ; e && *e; e++) printf("env %s\n", *e);
  for (int i = 1; i < argc; i++) {
    if (strcmp(argv[i], "--read") == 0 && i + 1 < argc) failed |= show_file(argv[++i]);
  }
  fflush(stdout);
  for (int i = 1; i < argc; i++) {
    if (strcmp(argv[i], "--cat") != 0) continue;
    char line[4096];
    while (fgets(line, sizeof line, stdin)) {
      printf("stdin: %s", line);
      fflush(stdout);
    }
  }
  return failed;
}

// The `host` world of ../wit/pipeline.wit in C, against the canonical ABI by hand (no
// bindings generator): it imports the `plugin` interface and exports `process`.
//
// Imports: a function whose results do not fit in one core value takes one more argument,
// the address of a return area in this module's memory, where the callee's results are
// written (strings it returns are allocated here with our `cabi_realloc`; they are ours
// to free). Layouts: `string` = (address: u32, length: u32); `result<string, string>` =
// (tag: u8, 3 bytes padding, string); `counts` = three u32; an enum is its index.
//
// Build (what "WIT: Build Component" runs):
//   clang --target=wasm32-wasi -mexec-model=reactor -O2 src/host.c -o build/host.core.wasm
//   then embed ../wit (world `host`) and make a component with the reactor adapter.
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define EXPORT(name) __attribute__((export_name(name)))
#define PLUGIN_IMPORT(name) __attribute__((import_module("wit-studio:pipeline/plugin@0.1.0"), import_name(name)))

typedef struct {
  char *ptr;
  size_t len;
} wit_string;

typedef struct {
  uint8_t is_err;
  wit_string value; // the ok text or the error text
} wit_result_string_string;

typedef struct {
  uint32_t words, lines, chars;
} counts;

enum style { STYLE_UPPER = 0, STYLE_LOWER = 1, STYLE_TITLE = 2 };

PLUGIN_IMPORT("name") extern void plugin_name(wit_string *ret);
PLUGIN_IMPORT("transform") extern void plugin_transform(const char *input, size_t input_len, int32_t style, wit_result_string_string *ret);
PLUGIN_IMPORT("count") extern void plugin_count(const char *input, size_t input_len, counts *ret);

EXPORT("cabi_realloc")
void *cabi_realloc(void *old, size_t old_size, size_t align, size_t new_size) {
  (void)old_size;
  if (new_size == 0) return (void *)align;
  void *p = realloc(old, new_size);
  if (!p) abort();
  return p;
}

static void free_string(wit_string s) {
  if (s.len) free(s.ptr);
}

static wit_string result;

EXPORT("process")
wit_string *process(char *input, size_t input_len) {
  wit_string name;
  plugin_name(&name);

  wit_result_string_string transformed;
  plugin_transform(input, input_len, STYLE_UPPER, &transformed);

  counts c;
  plugin_count(input, input_len, &c);

  size_t size = name.len + transformed.value.len + 96;
  char *text = malloc(size);
  if (!text) abort();
  if (transformed.is_err) {
    snprintf(text, size, "error: %.*s (%.*s)", (int)transformed.value.len, transformed.value.ptr, (int)name.len, name.ptr);
  } else {
    snprintf(text, size, "%.*s (%.*s: %u word%s, %u line%s, %u chars)", (int)transformed.value.len, transformed.value.ptr,
             (int)name.len, name.ptr, c.words, c.words == 1 ? "" : "s", c.lines, c.lines == 1 ? "" : "s", c.chars);
  }
  free_string(name);
  free_string(transformed.value);
  if (input_len) free(input); // The argument's copy is ours.

  result.ptr = text;
  result.len = strlen(text);
  return &result;
}

EXPORT("cabi_post_process")
void process_post_return(wit_string *ret) {
  free(ret->ptr);
}

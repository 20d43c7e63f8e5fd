// The `clock` world of wit/clock.wit, written against the component model's canonical ABI
// by hand (no bindings generator): each export is a core function named like the WIT function.
//
// - u32 / u64 results are returned as i32 / i64.
// - A string result is returned as a pointer to two 32-bit words (address, length) in linear
//   memory; the caller copies the string out and then calls `cabi_post_<name>`, where the
//   callee frees what it allocated.
// - A string argument arrives as (address, length) of a copy the caller made with
//   `cabi_realloc`; from then on it belongs to the callee, which frees it (an empty string
//   may come without an allocation: its address is not to be freed).
//
// Build (what "WIT: Build Component" runs):
//   clang --target=wasm32-wasi -mexec-model=reactor -O2 src/clock.c -o build/clock.core.wasm
//   then embed wit/ (world `clock`) and make a component with the reactor adapter.
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define EXPORT(name) __attribute__((export_name(name)))

// --- canonical ABI support ----------------------------------------------------------------

// The allocator the host uses to pass arguments into this module's memory.
EXPORT("cabi_realloc")
void *cabi_realloc(void *old, size_t old_size, size_t align, size_t new_size) {
  (void)old_size;
  (void)align; // malloc's alignment (16) covers every canonical ABI alignment.
  if (new_size == 0) return (void *)align;
  void *p = realloc(old, new_size);
  if (!p) abort();
  return p;
}

// Where a string result is described to the caller: (address, length).
static uint32_t return_area[2];

static uint32_t *return_string(char *text) {
  return_area[0] = (uint32_t)(uintptr_t)text;
  return_area[1] = (uint32_t)strlen(text);
  return return_area;
}

static void free_returned_string(uint32_t *area) {
  free((void *)(uintptr_t)area[0]);
}

// --- clocks -----------------------------------------------------------------------------

static uint64_t nanoseconds(clockid_t clock) {
  struct timespec ts;
  if (clock_gettime(clock, &ts) != 0) return 0;
  return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

static uint64_t started;
static uint32_t ticks;

// Runs when the component is instantiated (the reactor's `_initialize`).
__attribute__((constructor)) static void start(void) {
  started = nanoseconds(CLOCK_MONOTONIC);
}

EXPORT("now-ms")
uint64_t now_ms(void) {
  return nanoseconds(CLOCK_REALTIME) / 1000000u;
}

EXPORT("elapsed")
uint64_t elapsed(void) {
  return nanoseconds(CLOCK_MONOTONIC) - started;
}

EXPORT("tick")
uint32_t tick(void) {
  return ++ticks;
}

EXPORT("format-duration")
uint32_t *format_duration(uint64_t ms) {
  char buffer[64];
  uint64_t hours = ms / 3600000u, minutes = ms / 60000u % 60u, seconds = ms / 1000u % 60u, rest = ms % 1000u;
  int n = 0;
  if (hours) n += snprintf(buffer + n, sizeof buffer - n, "%llu h ", (unsigned long long)hours);
  if (hours || minutes) n += snprintf(buffer + n, sizeof buffer - n, "%llu min ", (unsigned long long)minutes);
  snprintf(buffer + n, sizeof buffer - n, "%llu.%03llu s", (unsigned long long)seconds, (unsigned long long)rest);
  return return_string(strdup(buffer));
}

EXPORT("cabi_post_format-duration")
void format_duration_post_return(uint32_t *area) {
  free_returned_string(area);
}

EXPORT("stamp")
uint32_t *stamp(char *label, size_t label_len) {
  uint64_t ns = elapsed();
  char *text = malloc(label_len + 48);
  if (!text) abort();
  memcpy(text, label, label_len);
  snprintf(text + label_len, 48, ": %llu.%01llu ms", (unsigned long long)(ns / 1000000u), (unsigned long long)(ns / 100000u % 10u));
  // The argument's copy belongs to us (an empty string may have no allocation at all).
  if (label_len) free(label);
  return return_string(text);
}

EXPORT("cabi_post_stamp")
void stamp_post_return(uint32_t *area) {
  free_returned_string(area);
}

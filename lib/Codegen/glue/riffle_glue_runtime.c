/* riffle_glue_runtime.c - the process-wide part of a Riffle library's C API:
 * Halide's error handler and the buffer cache, installed once. See
 * riffle_glue.h for where it is compiled.
 *
 * Halide's runtime state (error handler, allocator, thread pool) is per
 * process, so this part is too; a model's entries (riffle_glue_model.c)
 * call riffle_glue_install() before every pipeline call, which costs one
 * pthread_once check after the first.
 */
#include "riffle_glue.h"

#include <pthread.h>
#include <stdint.h>
#include <string.h>

#define RIFFLE_WEAK __attribute__((weak))

/* Halide's runtime (HalideRuntime.h), declared here so that this file needs
 * no Halide header. */
typedef void (*riffle_halide_error_handler_t)(void *, const char *);
typedef void *(*riffle_halide_malloc_t)(void *, size_t);
typedef void (*riffle_halide_free_t)(void *, void *);
extern riffle_halide_error_handler_t
halide_set_error_handler(riffle_halide_error_handler_t handler);
extern void halide_default_error(void *user_context, const char *msg);
extern riffle_halide_malloc_t halide_set_custom_malloc(riffle_halide_malloc_t);
extern riffle_halide_free_t halide_set_custom_free(riffle_halide_free_t);
extern void *halide_default_malloc(void *user_context, size_t size);
extern void halide_default_free(void *user_context, void *ptr);

/* Halide's messages, per thread: the validation of a call's buffers runs on
 * the calling thread, so each caller sees its own failure. */
#define RIFFLE_ERROR_SIZE 2048
static __thread char riffle_error_text[RIFFLE_ERROR_SIZE];
static int riffle_handler_installed;

static void riffle_record_error(void *user_context, const char *msg) {
  size_t used = strlen(riffle_error_text), n = strlen(msg), end;
  (void)user_context;
  /* Several messages may come from one call; keep them all, one a line. */
  if (used && used + 1 < RIFFLE_ERROR_SIZE)
    riffle_error_text[used++] = '\n';
  if (n > RIFFLE_ERROR_SIZE - 1 - used)
    n = RIFFLE_ERROR_SIZE - 1 - used;
  memcpy(riffle_error_text + used, msg, n);
  end = used + n;
  while (end > 0 && riffle_error_text[end - 1] == '\n')
    --end;
  riffle_error_text[end] = '\0';
}

/* The buffer cache. A fresh block of a few hundred KB from malloc is an mmap
 * whose pages fault on first touch, and the layers writing such blocks took
 * several times as long as their arithmetic (ShuffleNet V1 unit: 0.88 ms
 * against 0.15 ms). Freed blocks are kept and handed out again for requests
 * of up to their size, as an inference runtime's arena would. One cache per
 * thread, so no lock: the pipeline frees each block on the thread that
 * allocated it, and a shared cache cost more under two threads (behind a
 * mutex: sleeps; a spin lock: a preempted holder) than it saved. */
#define RIFFLE_CACHE_SLOTS 64
static __thread struct {
  void *block;
  size_t size;
} riffle_cache[RIFFLE_CACHE_SLOTS];

static void *riffle_cache_malloc(void *user_context, size_t size) {
  void *block = NULL;
  int i, best = -1;
  for (i = 0; i < RIFFLE_CACHE_SLOTS; ++i)
    if (riffle_cache[i].block && riffle_cache[i].size >= size &&
        riffle_cache[i].size / 2 <= size &&
        (best < 0 || riffle_cache[i].size < riffle_cache[best].size))
      best = i;
  if (best >= 0) {
    block = riffle_cache[best].block;
    riffle_cache[best].block = NULL;
    return (char *)block + 64;
  }
  /* 64 bytes in front hold the size (and keep the alignment). */
  block = halide_default_malloc(user_context, size + 64);
  if (!block)
    return NULL;
  *(size_t *)block = size;
  return (char *)block + 64;
}

static void riffle_cache_free(void *user_context, void *ptr) {
  void *block;
  int i;
  if (!ptr)
    return;
  block = (char *)ptr - 64;
  for (i = 0; i < RIFFLE_CACHE_SLOTS; ++i)
    if (!riffle_cache[i].block) {
      riffle_cache[i].block = block;
      riffle_cache[i].size = *(size_t *)block;
      return;
    }
  halide_default_free(user_context, block);
}

static pthread_once_t riffle_install_once = PTHREAD_ONCE_INIT;

static void riffle_install(void) {
  riffle_halide_error_handler_t previous =
      halide_set_error_handler(riffle_record_error);
  if (previous != halide_default_error && previous != riffle_record_error)
    halide_set_error_handler(previous); /* the application's: kept */
  else
    riffle_handler_installed = 1;
  riffle_halide_malloc_t previous_malloc =
      halide_set_custom_malloc(riffle_cache_malloc);
  if (previous_malloc != halide_default_malloc &&
      previous_malloc != riffle_cache_malloc)
    halide_set_custom_malloc(previous_malloc); /* the application's: kept */
  else
    halide_set_custom_free(riffle_cache_free);
  riffle_glue_install_thread_pool();
}

RIFFLE_WEAK void riffle_glue_install(void) {
  pthread_once(&riffle_install_once, riffle_install);
}

RIFFLE_WEAK const char *riffle_glue_error(void) { return riffle_error_text; }

RIFFLE_WEAK void riffle_glue_clear_error(void) { riffle_error_text[0] = '\0'; }

RIFFLE_WEAK int riffle_glue_owns_error_handler(void) {
  return riffle_handler_installed;
}

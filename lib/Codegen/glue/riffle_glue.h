/* riffle_glue.h - what a model's C API (riffle_glue_model.c) needs from the
 * process-wide part (riffle_glue_runtime.c, riffle_glue_threads.c).
 *
 * Not compiled into Riffle: rifflec carries these files as text (embedded at
 * build time, lib/Codegen/CMakeLists.txt) and compiles them with the target's
 * C compiler into every library it writes. The process-wide part goes with
 * Halide's runtime: into NAME.a when the library carries its own runtime,
 * into riffle_runtime.a/.so (rifflec --emit=runtime) when models are
 * compiled with --no-runtime to share one. Its functions are weak, so two
 * self-contained libraries in one program still end up with one copy.
 */
#ifndef RIFFLE_GLUE_H
#define RIFFLE_GLUE_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Installs, once per process (pthread_once), the error handler that records
 * Halide's messages per thread instead of aborting, and the buffer cache.
 * An error handler or allocator the application installed before is kept. */
void riffle_glue_install(void);

/* Makes Riffle's thread pool (riffle_glue_threads.c) run Halide's parallel
 * loops, unless the application installed its own do_par_for; called by
 * riffle_glue_install. */
void riffle_glue_install_thread_pool(void);

/* Threads per parallel loop, the calling thread included (n < 1: the
 * default, HL_NUM_THREADS or the number of CPUs); returns the previous
 * count. Sets Halide's own pool's count too. */
int riffle_glue_set_num_threads(int n);
/* The current count (riffle_glue_set_num_threads' n). */
int riffle_glue_num_threads(void);

/* The calling thread's record of Halide's messages since the last
 * riffle_glue_clear_error(): "" when there was none. */
const char *riffle_glue_error(void);
void riffle_glue_clear_error(void);

/* Whether riffle_glue_install's handler is the one installed (when the
 * application's is, Halide's messages go there instead). */
int riffle_glue_owns_error_handler(void);

#ifdef __cplusplus
}
#endif

#endif /* RIFFLE_GLUE_H */

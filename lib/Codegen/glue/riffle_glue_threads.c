/* riffle_glue_threads.c - the thread pool a Riffle library runs its
 * parallel loops on (process-wide, like riffle_glue_runtime.c; see
 * riffle_glue.h for where it is compiled).
 *
 * Why not Halide's own pool: a network is a sequence of short parallel
 * loops (one per layer, 10-100 us each at batch 1), and Halide's idle
 * workers sleep on a condition variable, so every layer pays a futex wake
 * and the scheduling delay of a sleeping CPU (tens of microseconds in a VM)
 * before its second thread starts. Here idle workers spin for a while
 * (RIFFLE_SPIN_NS) after their last job before they sleep, as the pools of
 * inference runtimes do, so a layer's fork costs a cache line transfer.
 * On a machine whose CPUs are busy with other processes spinning costs more
 * than it saves (measured: ShuffleNet V2 x1.0 at 2 threads, 1.9 ms with this
 * pool and 3.4 ms with Halide's when the second CPU was free; 7.5 and 2.8 ms
 * when it was not); RIFFLE_THREAD_POOL=halide keeps Halide's pool.
 *
 * One job runs at a time. The thread that starts one owns the pool for its
 * duration; a parallel loop started meanwhile (a nested one, or another
 * application thread calling a model) runs serially on its own thread,
 * which gives the same results.
 *
 * Protocol: `generation` is even while a job is open to workers and odd
 * while it is closed. A worker joins by counting itself in `active` and
 * then checking that the generation it saw is still current; the owner
 * closes a job (generation odd) once every task is done, and waits for
 * `active` to drop to zero before it writes the next job, so a worker never
 * reads a job that is being rewritten.
 */
#include "riffle_glue.h"

#include <pthread.h>
#include <sched.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define RIFFLE_WEAK __attribute__((weak))
#define RIFFLE_MAX_WORKERS 63
/* How long an idle worker spins before it sleeps: longer than the gap
 * between two layers (a few microseconds of serial work), or between two
 * inferences run back to back; short, so that idle workers leave the CPUs
 * to other processes soon. */
#define RIFFLE_SPIN_NS 300000LL

typedef int (*riffle_halide_task_t)(void *user_context, int task_number,
                                    uint8_t *closure);
typedef int (*riffle_halide_do_par_for_t)(void *, riffle_halide_task_t, int,
                                          int, uint8_t *);
extern riffle_halide_do_par_for_t
halide_set_custom_do_par_for(riffle_halide_do_par_for_t do_par_for);
extern int halide_set_num_threads(int n);
extern int halide_default_do_par_for(void *user_context,
                                     riffle_halide_task_t task, int min,
                                     int size, uint8_t *closure);

#define LOAD(p) __atomic_load_n((p), __ATOMIC_SEQ_CST)
#define STORE(p, v) __atomic_store_n((p), (v), __ATOMIC_SEQ_CST)
#define ADD(p, v) __atomic_fetch_add((p), (v), __ATOMIC_SEQ_CST)

/* Where tasks' memory accesses become visible to other threads, told to
 * ThreadSanitizer (RIFFLE_GLUE_TSAN: rifflec compiles the glue so for a
 * target with Halide's `tsan` feature). This file is compiled without
 * instrumentation, so TSan does not see the atomics above: a buffer a
 * worker filled (memset, which TSan intercepts) and the caller then freed
 * to the cache and another call reused would read as a race. Weak: a
 * program linked without TSan's runtime has none to call. */
#if RIFFLE_GLUE_TSAN
extern void __tsan_acquire(void *addr) __attribute__((weak));
extern void __tsan_release(void *addr) __attribute__((weak));
#define TSAN_ACQUIRE(p)                                                        \
  do {                                                                         \
    if (__tsan_acquire)                                                        \
      __tsan_acquire((void *)(p));                                             \
  } while (0)
#define TSAN_RELEASE(p)                                                        \
  do {                                                                         \
    if (__tsan_release)                                                        \
      __tsan_release((void *)(p));                                             \
  } while (0)
#else
#define TSAN_ACQUIRE(p) ((void)0)
#define TSAN_RELEASE(p) ((void)0)
#endif

static inline void riffle_cpu_relax(void) {
#if defined(__x86_64__) || defined(__i386__)
  __builtin_ia32_pause();
#elif defined(__aarch64__) || defined(__arm__)
  __asm__ __volatile__("yield");
#endif
}

static long long riffle_now_ns(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return (long long)t.tv_sec * 1000000000LL + t.tv_nsec;
}

#define RIFFLE_CACHE_LINE 64
#define RIFFLE_OWN_LINE __attribute__((aligned(RIFFLE_CACHE_LINE)))

static struct {
  pthread_mutex_t owner;      /* held by the thread running a job */
  pthread_mutex_t sleep_lock; /* with `wake`: idle workers sleep here */
  pthread_cond_t wake;
  int sleepers;
  int threads;                /* threads per job, the owner included */
  int started;                /* workers started so far */
  pthread_t workers[RIFFLE_MAX_WORKERS];
  unsigned generation;
  int active;                 /* workers inside the current job */
  /* The job: written by its owner while the generation is odd and no
   * worker is active, read by workers while it is even. */
  RIFFLE_OWN_LINE riffle_halide_task_t task;
  void *user_context;
  uint8_t *closure;
  int min, size;
  int blocks; /* contiguous blocks of task numbers, one per thread */
  int chunk;  /* task numbers taken per claim */
  /* Block b's next unclaimed task number and its end, on a line of its
   * own so that claims in one block do not move the others. */
  struct {
    RIFFLE_OWN_LINE int next;
    int end;
  } block[RIFFLE_MAX_WORKERS + 1];
  RIFFLE_OWN_LINE int done; /* tasks finished */
  int result; /* a failing task's return value, else 0 */
} riffle_pool = {PTHREAD_MUTEX_INITIALIZER, PTHREAD_MUTEX_INITIALIZER,
                 PTHREAD_COND_INITIALIZER};

/* Runs chunks of block b until none is left to claim. */
static void riffle_run_block(int b) {
  const int chunk = riffle_pool.chunk, end = riffle_pool.block[b].end;
  int first;
  while (LOAD(&riffle_pool.block[b].next) < end &&
         (first = ADD(&riffle_pool.block[b].next, chunk)) < end) {
    int i, last = first + chunk < end ? first + chunk : end;
    for (i = first; i < last; ++i) {
      int rc = riffle_pool.task(riffle_pool.user_context, i,
                                riffle_pool.closure);
      if (rc)
        STORE(&riffle_pool.result, rc);
    }
    TSAN_RELEASE(&riffle_pool.done);
    ADD(&riffle_pool.done, last - first);
  }
}

/* Thread `self` (0: the owner, w + 1: worker w) runs its own block of the
 * loop, then helps with the others' remaining chunks.
 *
 * Why a block per thread: the same thread then computes the same part of
 * every layer (the same rows of consecutive row-parallel convolutions),
 * so what a layer reads was mostly written by its own CPU and is in its
 * caches. Why chunks of about a quarter block, taken one claim at a time:
 * a thread that was descheduled, or woke late, leaves the rest of its
 * block to the others, and a loop of hundreds of tiny tasks pays a few
 * claims per thread rather than a cache line transfer per task (an
 * activation over 960 channels of 7x7 took 0.38 ms at 2 threads with one
 * claim per task, against 0.02 ms on one thread). */
static void riffle_run_tasks(int self) {
  const int blocks = riffle_pool.blocks;
  int b;
  if (self < blocks)
    riffle_run_block(self);
  for (b = 1; b < blocks; ++b)
    riffle_run_block((self + b) % blocks);
}

/* Waits until the generation differs from `seen` and is even (a new open
 * job); spins first, then sleeps. */
static unsigned riffle_wait_for_job(unsigned seen) {
  long long deadline = 0;
  int spins = 0;
  for (;;) {
    unsigned g = LOAD(&riffle_pool.generation);
    if (g != seen && !(g & 1))
      return g;
    riffle_cpu_relax();
    if (++spins < 256)
      continue;
    spins = 0;
    if (!deadline) {
      deadline = riffle_now_ns() + RIFFLE_SPIN_NS;
      continue;
    }
    if (riffle_now_ns() < deadline)
      continue;
    pthread_mutex_lock(&riffle_pool.sleep_lock);
    ADD(&riffle_pool.sleepers, 1);
    for (;;) {
      g = LOAD(&riffle_pool.generation);
      if (g != seen && !(g & 1))
        break;
      pthread_cond_wait(&riffle_pool.wake, &riffle_pool.sleep_lock);
    }
    ADD(&riffle_pool.sleepers, -1);
    pthread_mutex_unlock(&riffle_pool.sleep_lock);
    return g;
  }
}

/* Worker `index` (0-based) takes part in jobs while the thread count
 * leaves it a place; the others stay idle. */
static void *riffle_worker(void *arg) {
  const int index = (int)(intptr_t)arg;
  unsigned seen = 0; /* generation 0 never holds a job */
  for (;;) {
    unsigned g = riffle_wait_for_job(seen);
    TSAN_ACQUIRE(&riffle_pool.generation);
    seen = g;
    if (index >= LOAD(&riffle_pool.threads) - 1)
      continue;
    ADD(&riffle_pool.active, 1);
    if (LOAD(&riffle_pool.generation) == g)
      riffle_run_tasks(index + 1);
    ADD(&riffle_pool.active, -1);
  }
  return NULL;
}

/* Starts workers up to `wanted` (they are never stopped; a smaller thread
 * count leaves the extra ones idle, see riffle_worker). */
static void riffle_start_workers(int wanted) {
  while (riffle_pool.started < wanted) {
    pthread_attr_t attr;
    int rc;
    pthread_attr_init(&attr);
    pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
    rc = pthread_create(&riffle_pool.workers[riffle_pool.started], &attr,
                        riffle_worker,
                        (void *)(intptr_t)riffle_pool.started);
    pthread_attr_destroy(&attr);
    if (rc)
      break; /* run with the workers there are */
    ++riffle_pool.started;
  }
}

static int riffle_run_serially(void *user_context, riffle_halide_task_t task,
                               int min, int size, uint8_t *closure) {
  int i, result = 0;
  for (i = min; i < min + size; ++i) {
    int rc = task(user_context, i, closure);
    if (rc)
      result = rc;
  }
  return result;
}

static int riffle_pool_do_par_for(void *user_context,
                                  riffle_halide_task_t task, int min,
                                  int size, uint8_t *closure) {
  int threads = LOAD(&riffle_pool.threads), spins = 0, result, b;
  if (size <= 1 || threads <= 1 ||
      pthread_mutex_trylock(&riffle_pool.owner) != 0)
    return riffle_run_serially(user_context, task, min, size, closure);
  riffle_start_workers(threads - 1);
  riffle_pool.task = task;
  riffle_pool.user_context = user_context;
  riffle_pool.closure = closure;
  riffle_pool.min = min;
  riffle_pool.size = size;
  riffle_pool.blocks = threads < size ? threads : size;
  riffle_pool.chunk = size / (4 * riffle_pool.blocks);
  if (riffle_pool.chunk < 1)
    riffle_pool.chunk = 1;
  for (b = 0; b < riffle_pool.blocks; ++b) {
    riffle_pool.block[b].end =
        min + (int)((long long)size * (b + 1) / riffle_pool.blocks);
    STORE(&riffle_pool.block[b].next,
          min + (int)((long long)size * b / riffle_pool.blocks));
  }
  STORE(&riffle_pool.done, 0);
  STORE(&riffle_pool.result, 0);
  TSAN_RELEASE(&riffle_pool.generation);
  ADD(&riffle_pool.generation, 1); /* odd -> even: open */
  if (LOAD(&riffle_pool.sleepers) > 0) {
    pthread_mutex_lock(&riffle_pool.sleep_lock);
    pthread_cond_broadcast(&riffle_pool.wake);
    pthread_mutex_unlock(&riffle_pool.sleep_lock);
  }
  riffle_run_tasks(0);
  /* The last tasks may still run on workers. */
  while (LOAD(&riffle_pool.done) < size) {
    riffle_cpu_relax();
    /* A worker preempted inside a task: let it have this CPU. */
    if (++spins > 512) {
      sched_yield();
      spins = 0;
    }
  }
  ADD(&riffle_pool.generation, 1); /* even -> odd: closed */
  while (LOAD(&riffle_pool.active) > 0)
    riffle_cpu_relax();
  TSAN_ACQUIRE(&riffle_pool.done);
  result = LOAD(&riffle_pool.result);
  pthread_mutex_unlock(&riffle_pool.owner);
  return result;
}

static int riffle_default_threads(void) {
  const char *env = getenv("HL_NUM_THREADS");
  long n = env ? strtol(env, NULL, 10) : sysconf(_SC_NPROCESSORS_ONLN);
  if (n < 1)
    n = 1;
  if (n > RIFFLE_MAX_WORKERS + 1)
    n = RIFFLE_MAX_WORKERS + 1;
  return (int)n;
}

RIFFLE_WEAK void riffle_glue_install_thread_pool(void) {
  riffle_halide_do_par_for_t previous;
  STORE(&riffle_pool.generation, 1); /* closed; workers wait for 2 */
  STORE(&riffle_pool.threads, riffle_default_threads());
  /* RIFFLE_THREAD_POOL=halide keeps Halide's own pool (e.g. on a machine
   * shared with other busy processes, where spinning workers lose more
   * than sleeping ones). */
  {
    const char *choice = getenv("RIFFLE_THREAD_POOL");
    if (choice && strcmp(choice, "halide") == 0)
      return;
  }
  previous = halide_set_custom_do_par_for(riffle_pool_do_par_for);
  if (previous != halide_default_do_par_for &&
      previous != riffle_pool_do_par_for)
    halide_set_custom_do_par_for(previous); /* the application's: kept */
}

RIFFLE_WEAK int riffle_glue_num_threads(void) {
  riffle_glue_install();
  return LOAD(&riffle_pool.threads);
}

RIFFLE_WEAK int riffle_glue_set_num_threads(int n) {
  int previous;
  riffle_glue_install();
  if (n < 1)
    n = riffle_default_threads();
  if (n > RIFFLE_MAX_WORKERS + 1)
    n = RIFFLE_MAX_WORKERS + 1;
  previous = __atomic_exchange_n(&riffle_pool.threads, n, __ATOMIC_SEQ_CST);
  halide_set_num_threads(n); /* Halide's own pool (async tasks, GPU hosts) */
  return previous;
}

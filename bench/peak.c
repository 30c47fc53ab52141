/* peak.c: this machine's FP32 peak, measured, for the bench's "% of peak".
 *
 *   cc -O2 -march=native -pthread bench/peak.c -o peak && ./peak 1 2
 *
 * prints one line per thread count: `threads=N gflops=X isa=I`.
 * Each thread runs CHAINS independent multiply-add chains on the widest
 * vector the compiler was told about (-march=native): enough chains to cover
 * FMA latency x FMA units on current x86 cores (4 cycles x 2 units = 8), so
 * the loop is bound by FMA throughput, not latency. Best of 20 trials of
 * about 50 ms each (short trials so that, on a shared machine, some of them
 * fall between other processes' time slices); a FMA counts as 2 FLOPs.
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#if defined(__AVX512F__)
#include <immintrin.h>
typedef __m512 vec;
#define LANES 16
#define ISA "avx512"
#define SPLAT(x) _mm512_set1_ps(x)
#define FMA(a, b, c) _mm512_fmadd_ps(a, b, c)
#define ADD(a, b) _mm512_add_ps(a, b)
#define FIRST(a) _mm512_cvtss_f32(a)
#elif defined(__AVX2__) && defined(__FMA__)
#include <immintrin.h>
typedef __m256 vec;
#define LANES 8
#define ISA "avx2+fma"
#define SPLAT(x) _mm256_set1_ps(x)
#define FMA(a, b, c) _mm256_fmadd_ps(a, b, c)
#define ADD(a, b) _mm256_add_ps(a, b)
#define FIRST(a) _mm256_cvtss_f32(a)
#else
typedef float vec;
#define LANES 1
#define ISA "scalar"
#define SPLAT(x) (x)
#define FMA(a, b, c) ((a) * (b) + (c))
#define ADD(a, b) ((a) + (b))
#define FIRST(a) (a)
#endif

#define CHAINS 12

/* Inputs come from memory the compiler cannot see through, so it can neither
 * fold the loop nor drop it; acc = acc * m + c with m < 1 stays finite. */
static volatile float g_m = 0.9999f, g_c = 1e-4f;
static volatile float g_sink;

typedef struct {
  long iters;
} job;

static void *chains(void *arg) {
  long iters = ((job *)arg)->iters;
  vec m = SPLAT(g_m), c = SPLAT(g_c);
  vec a0 = SPLAT(0.f), a1 = SPLAT(.1f), a2 = SPLAT(.2f), a3 = SPLAT(.3f);
  vec a4 = SPLAT(.4f), a5 = SPLAT(.5f), a6 = SPLAT(.6f), a7 = SPLAT(.7f);
  vec a8 = SPLAT(.8f), a9 = SPLAT(.9f), a10 = SPLAT(1.f), a11 = SPLAT(1.1f);
  for (long i = 0; i < iters; ++i) {
    /* written out so the accumulators live in registers at -O2 */
    a0 = FMA(a0, m, c); a1 = FMA(a1, m, c); a2 = FMA(a2, m, c); a3 = FMA(a3, m, c);
    a4 = FMA(a4, m, c); a5 = FMA(a5, m, c); a6 = FMA(a6, m, c); a7 = FMA(a7, m, c);
    a8 = FMA(a8, m, c); a9 = FMA(a9, m, c); a10 = FMA(a10, m, c); a11 = FMA(a11, m, c);
  }
  vec s = ADD(ADD(ADD(a0, a1), ADD(a2, a3)), ADD(ADD(a4, a5), ADD(a6, a7)));
  s = ADD(s, ADD(ADD(a8, a9), ADD(a10, a11)));
  g_sink = FIRST(s);
  return NULL;
}

static double now(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return ts.tv_sec + 1e-9 * ts.tv_nsec;
}

/* Seconds for `threads` threads to run `iters` iterations each. */
static double trial(int threads, long iters) {
  pthread_t tid[256];
  job j = {iters};
  double t0 = now();
  for (int t = 0; t < threads; ++t) pthread_create(&tid[t], NULL, chains, &j);
  for (int t = 0; t < threads; ++t) pthread_join(tid[t], NULL);
  return now() - t0;
}

int main(int argc, char **argv) {
  /* Size the trial once on one thread: about 50 ms. */
  long iters = 1 << 14;
  double s;
  while ((s = trial(1, iters)) < 0.02) iters *= 2;
  iters = (long)(iters * 0.05 / s);

  for (int a = 1; a < (argc > 1 ? argc : 2); ++a) {
    int threads = argc > 1 ? atoi(argv[a]) : 1;
    if (threads < 1 || threads > 256) {
      fprintf(stderr, "error: thread count must be 1..256, got '%s'\n", argv[a]);
      return 1;
    }
    double best = 1e30;
    for (int k = 0; k < 20; ++k) {
      double t = trial(threads, iters);
      if (t < best) best = t;
    }
    double flops = 2.0 * CHAINS * LANES * (double)iters * threads;
    printf("threads=%d gflops=%.1f isa=%s\n", threads, flops / best / 1e9, ISA);
  }
  return 0;
}

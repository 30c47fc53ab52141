/*===- SanitizerDefaults.c - ASan defaults of the sanitizer build ---------===*
 *
 * Linked into every executable of a -DRIFFLE_SANITIZE=address build
 * (cmake/RiffleReliability.cmake). ASan reads these options before its own
 * ASAN_OPTIONS, which still override them.
 *
 * allow_user_poisoning=0: LLVM's BumpPtrAllocator poisons the unused part of
 * each slab when the code that inlines it is built with ASan (llvm/Support/
 * Compiler.h), and unpoisons what it hands out. Riffle's instrumented code
 * and Debian's uninstrumented libMLIR allocate from the same allocators (an
 * attribute storage constructed here, the next one in libMLIR), so libMLIR
 * hands out memory that stays poisoned and the first memcpy into it is
 * reported as use-after-poison: a false report of mixing instrumented and
 * uninstrumented copies of one inline allocator, not a bug. Only that
 * manual poisoning is off; heap, stack and global checks stay on.
 *
 *===----------------------------------------------------------------------===*/

const char *__asan_default_options(void);

const char *__asan_default_options(void) {
  return "allow_user_poisoning=0";
}

//===- NpyFormat.h - The .npy byte format, standard C++ only ----*- C++ -*-===//
//
// The one implementation of NumPy's `.npy` format in Riffle: the compiler's
// tools use it through riffle/Support/Npy.h (LLVM error handling, file I/O),
// and the runner that `rifflec --emit=runner` builds with the system C++
// compiler carries this header and NpyFormat.cpp as embedded text
// (lib/Codegen/CMakeLists.txt), so it depends on nothing but the C++
// standard library.
//
// Supported: versions 1.0 and 2.0, little-endian float32 (float64 is read and
// converted), C order. Anything else is an error with a message saying what
// is wrong (without the file name; callers prefix it).
//
//===----------------------------------------------------------------------===//

#ifndef RIFFLE_SUPPORT_NPYFORMAT_H
#define RIFFLE_SUPPORT_NPYFORMAT_H

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace riffle::npy {

/// Parses the bytes of a .npy file into `shape` and `data` (float32, C
/// order). Returns an empty string on success, else the problem.
std::string parse(const char *bytes, size_t size, std::vector<int64_t> &shape,
                  std::vector<float> &data);

/// The bytes of a .npy file holding `count` floats of `shape` (rank `rank`):
/// format version 1.0, or 2.0 when the header does not fit 1.0's 16-bit
/// length.
std::string serialize(const int64_t *shape, size_t rank, const float *data,
                      size_t count);

} // namespace riffle::npy

#endif // RIFFLE_SUPPORT_NPYFORMAT_H

//===- Npy.cpp - NumPy .npy files of float32 arrays -----------------------===//
//
// Format: https://numpy.org/doc/stable/reference/generated/numpy.lib.format.html
//   "\x93NUMPY" major minor HEADER_LEN (uint16 LE for 1.0, uint32 LE for 2.0)
//   header: a Python dict literal {'descr': ..., 'fortran_order': ...,
//   'shape': (...), } padded with spaces and ended by '\n', so that the data
//   starts at a multiple of 64 bytes; then the raw array data.
//
// The format itself is riffle/Support/NpyFormat.h's (shared with the runner
// rifflec builds); this file adds LLVM's error handling and file I/O.
//
//===----------------------------------------------------------------------===//

#include "riffle/Support/Npy.h"
#include "riffle/Support/NpyFormat.h"

#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/raw_ostream.h"

using namespace mlir::riffle;

static llvm::Error makeError(llvm::StringRef name, const llvm::Twine &message) {
  return llvm::createStringError(llvm::inconvertibleErrorCode(),
                                 (name + ": " + message).str());
}

llvm::Expected<NpyArray> mlir::riffle::parseNpy(llvm::StringRef bytes,
                                                llvm::StringRef name) {
  std::vector<int64_t> shape;
  NpyArray array;
  std::string error =
      ::riffle::npy::parse(bytes.data(), bytes.size(), shape, array.data);
  if (!error.empty())
    return makeError(name, error);
  array.shape.assign(shape.begin(), shape.end());
  return array;
}

llvm::Expected<NpyArray> mlir::riffle::readNpy(llvm::StringRef path) {
  llvm::ErrorOr<std::unique_ptr<llvm::MemoryBuffer>> buffer =
      llvm::MemoryBuffer::getFile(path, /*IsText=*/false,
                                  /*RequiresNullTerminator=*/false);
  if (!buffer)
    return makeError(path, "cannot read: " + buffer.getError().message());
  return parseNpy((*buffer)->getBuffer(), path);
}

std::string mlir::riffle::serializeNpy(llvm::ArrayRef<int64_t> shape,
                                       llvm::ArrayRef<float> data) {
  return ::riffle::npy::serialize(shape.data(), shape.size(), data.data(),
                                data.size());
}

llvm::Error mlir::riffle::writeNpy(llvm::StringRef path,
                                   llvm::ArrayRef<int64_t> shape,
                                   llvm::ArrayRef<float> data) {
  uint64_t count = 1;
  for (int64_t dim : shape)
    count *= static_cast<uint64_t>(dim);
  if (count != data.size())
    return makeError(path, "cannot write " + llvm::Twine(data.size()) +
                               " values as an array of " + llvm::Twine(count) +
                               " elements");
  std::string bytes = serializeNpy(shape, data);
  llvm::Error error =
      llvm::writeToOutput(path, [&](llvm::raw_ostream &os) -> llvm::Error {
        os << bytes;
        return llvm::Error::success();
      });
  if (error)
    return makeError(path, "cannot write: " + llvm::toString(std::move(error)));
  return llvm::Error::success();
}

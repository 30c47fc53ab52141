//===- Npy.cpp - NumPy .npy files of float32 arrays -----------------------===//
//
// Format: https://numpy.org/doc/stable/reference/generated/numpy.lib.format.html
//   "\x93NUMPY" major minor HEADER_LEN (uint16 LE for 1.0, uint32 LE for 2.0)
//   header: a Python dict literal {'descr': ..., 'fortran_order': ...,
//   'shape': (...), } padded with spaces and ended by '\n', so that the data
//   starts at a multiple of 64 bytes; then the raw array data.
//
//===----------------------------------------------------------------------===//

#include "riffle/Support/Npy.h"

#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/CheckedArithmetic.h"
#include "llvm/Support/Endian.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/raw_ostream.h"

#include <cstring>
#include <optional>

using namespace mlir::riffle;

namespace {

constexpr char kMagic[] = "\x93NUMPY";
constexpr size_t kMagicSize = 6;

llvm::Error makeError(llvm::StringRef name, const llvm::Twine &message) {
  return llvm::createStringError(llvm::inconvertibleErrorCode(),
                                 (name + ": " + message).str());
}

/// What the header says about the array.
struct NpyHeader {
  std::string descr;
  bool fortranOrder = false;
  llvm::SmallVector<int64_t, 4> shape;
};

/// A recursive-descent parser for the header's dict literal. It accepts what
/// NumPy writes (and any spacing): string keys, and as values strings,
/// True/False and tuples of non-negative integers.
class HeaderParser {
public:
  explicit HeaderParser(llvm::StringRef text) : text(text) {}

  /// Parses the dict into `header`; on failure returns a message.
  std::optional<std::string> parse(NpyHeader &header) {
    bool seenDescr = false, seenOrder = false, seenShape = false;
    skipSpace();
    if (!consume('{'))
      return std::string("header is not a Python dict literal");
    while (true) {
      skipSpace();
      if (consume('}'))
        break;
      std::string key;
      if (!parseString(key))
        return std::string("expected a quoted key in the header dict");
      skipSpace();
      if (!consume(':'))
        return "expected ':' after header key '" + key + "'";
      skipSpace();
      if (key == "descr") {
        if (!parseString(header.descr))
          return std::string("'descr' must be a quoted dtype string");
        seenDescr = true;
      } else if (key == "fortran_order") {
        if (consumeWord("True"))
          header.fortranOrder = true;
        else if (consumeWord("False"))
          header.fortranOrder = false;
        else
          return std::string("'fortran_order' must be True or False");
        seenOrder = true;
      } else if (key == "shape") {
        if (std::optional<std::string> error = parseShape(header.shape))
          return error;
        seenShape = true;
      } else {
        return "unexpected header key '" + key + "'";
      }
      skipSpace();
      if (consume(','))
        continue;
      skipSpace();
      if (consume('}'))
        break;
      return std::string("expected ',' or '}' in the header dict");
    }
    skipSpace();
    if (pos != text.size())
      return std::string("unexpected text after the header dict");
    if (!seenDescr || !seenOrder || !seenShape)
      return std::string("header lacks ") +
             (!seenDescr ? "'descr'" : !seenOrder ? "'fortran_order'"
                                                  : "'shape'");
    return std::nullopt;
  }

private:
  void skipSpace() {
    while (pos < text.size() && llvm::isSpace(text[pos]))
      ++pos;
  }
  bool consume(char c) {
    if (pos < text.size() && text[pos] == c) {
      ++pos;
      return true;
    }
    return false;
  }
  bool consumeWord(llvm::StringRef word) {
    if (!text.substr(pos).starts_with(word))
      return false;
    pos += word.size();
    return true;
  }
  bool parseString(std::string &out) {
    if (pos >= text.size() || (text[pos] != '\'' && text[pos] != '"'))
      return false;
    char quote = text[pos++];
    size_t end = text.find(quote, pos);
    if (end == llvm::StringRef::npos)
      return false;
    out = text.slice(pos, end).str();
    pos = end + 1;
    return true;
  }
  std::optional<std::string> parseShape(llvm::SmallVectorImpl<int64_t> &shape) {
    if (!consume('('))
      return std::string("'shape' must be a tuple of integers");
    while (true) {
      skipSpace();
      if (consume(')'))
        return std::nullopt;
      size_t start = pos;
      while (pos < text.size() && llvm::isDigit(text[pos]))
        ++pos;
      // NumPy may write Python 2 longs as "3L".
      int64_t dim;
      if (start == pos || text.slice(start, pos).getAsInteger(10, dim))
        return std::string("'shape' must be a tuple of non-negative integers");
      consume('L');
      shape.push_back(dim);
      skipSpace();
      if (consume(','))
        continue;
      skipSpace();
      if (consume(')'))
        return std::nullopt;
      return std::string("'shape' must be a tuple of integers");
    }
  }

  llvm::StringRef text;
  size_t pos = 0;
};

} // namespace

llvm::Expected<NpyArray> mlir::riffle::parseNpy(llvm::StringRef bytes,
                                                llvm::StringRef name) {
  if (bytes.size() < kMagicSize ||
      bytes.substr(0, kMagicSize) != llvm::StringRef(kMagic, kMagicSize))
    return makeError(name, "not a .npy file (bad magic string)");
  if (bytes.size() < kMagicSize + 2)
    return makeError(name, "truncated .npy file (no format version)");
  unsigned major = static_cast<unsigned char>(bytes[6]);
  unsigned minor = static_cast<unsigned char>(bytes[7]);
  if ((major != 1 && major != 2) || minor != 0)
    return makeError(name, "unsupported .npy format version " +
                               llvm::Twine(major) + "." + llvm::Twine(minor) +
                               " (expected 1.0 or 2.0)");
  size_t lengthSize = major == 1 ? 2 : 4;
  size_t prefix = kMagicSize + 2 + lengthSize;
  if (bytes.size() < prefix)
    return makeError(name, "truncated .npy file (no header length)");
  const char *lengthBytes = bytes.data() + kMagicSize + 2;
  uint64_t headerLength =
      major == 1 ? llvm::support::endian::read16le(lengthBytes)
                 : llvm::support::endian::read32le(lengthBytes);
  if (bytes.size() - prefix < headerLength)
    return makeError(name, "truncated .npy file (header of " +
                               llvm::Twine(headerLength) + " bytes, " +
                               llvm::Twine(bytes.size() - prefix) +
                               " present)");
  llvm::StringRef headerText = bytes.substr(prefix, headerLength);

  NpyHeader header;
  if (std::optional<std::string> error = HeaderParser(headerText).parse(header))
    return makeError(name, "malformed .npy header: " + *error + " in \"" +
                               headerText.rtrim() + "\"");
  if (header.fortranOrder)
    return makeError(name, "Fortran-order arrays are not supported (save a "
                           "C-contiguous array, e.g. np.ascontiguousarray)");
  size_t itemSize;
  if (header.descr == "<f4")
    itemSize = 4;
  else if (header.descr == "<f8")
    itemSize = 8;
  else if (header.descr == ">f4" || header.descr == ">f8")
    return makeError(name, "big-endian data ('" + header.descr +
                               "') is not supported");
  else
    return makeError(name, "dtype '" + header.descr +
                               "' is not supported; expected float32 ('<f4') "
                               "or float64 ('<f8')");

  int64_t count = 1;
  for (int64_t dim : header.shape) {
    std::optional<int64_t> product = llvm::checkedMul(count, dim);
    if (!product || *product > (int64_t{1} << 40))
      return makeError(name, "array shape is too large");
    count = *product;
  }
  uint64_t dataSize = static_cast<uint64_t>(count) * itemSize;
  uint64_t present = bytes.size() - prefix - headerLength;
  if (present < dataSize)
    return makeError(name, "truncated .npy file: the header promises " +
                               llvm::Twine(count) + " elements (" +
                               llvm::Twine(dataSize) + " bytes) but " +
                               llvm::Twine(present) + " bytes follow it");
  if (present > dataSize)
    return makeError(name, llvm::Twine(present - dataSize) +
                               " unexpected bytes after the array data");

  NpyArray array;
  array.shape = header.shape;
  array.data.resize(count);
  const char *data = bytes.data() + prefix + headerLength;
  if (itemSize == 4) {
    for (int64_t i = 0; i < count; ++i) {
      uint32_t bits = llvm::support::endian::read32le(data + 4 * i);
      std::memcpy(&array.data[i], &bits, 4);
    }
  } else {
    for (int64_t i = 0; i < count; ++i) {
      uint64_t bits = llvm::support::endian::read64le(data + 8 * i);
      double value;
      std::memcpy(&value, &bits, 8);
      array.data[i] = static_cast<float>(value);
    }
  }
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
  // NumPy's spelling of a shape tuple: "()", "(5,)", "(2, 3)".
  std::string dict = "{'descr': '<f4', 'fortran_order': False, 'shape': (";
  for (size_t i = 0; i < shape.size(); ++i)
    dict += (i ? ", " : "") + std::to_string(shape[i]);
  dict += shape.size() == 1 ? ",)" : ")";
  dict += ", }";
  // Pad with spaces so that the data starts at a multiple of 64 bytes; the
  // header ends with '\n'.
  bool version2 = false;
  size_t prefix = kMagicSize + 2 + 2;
  size_t total = prefix + dict.size() + 1;
  size_t padded = (total + 63) / 64 * 64;
  if (padded - prefix > 0xffff) {
    version2 = true;
    prefix = kMagicSize + 2 + 4;
    total = prefix + dict.size() + 1;
    padded = (total + 63) / 64 * 64;
  }
  std::string header = dict;
  header.append(padded - total, ' ');
  header.push_back('\n');

  // Little-endian integers, byte by byte.
  auto appendLE = [](std::string &out, uint64_t value, int size) {
    for (int i = 0; i < size; ++i)
      out.push_back(static_cast<char>((value >> (8 * i)) & 0xff));
  };
  std::string bytes(kMagic, kMagicSize);
  bytes.reserve(padded + 4 * data.size());
  bytes.push_back(version2 ? 2 : 1);
  bytes.push_back(0);
  appendLE(bytes, header.size(), version2 ? 4 : 2);
  bytes += header;
  for (float value : data) {
    uint32_t bits;
    std::memcpy(&bits, &value, 4);
    appendLE(bytes, bits, 4);
  }
  return bytes;
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

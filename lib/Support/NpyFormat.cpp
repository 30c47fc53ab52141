//===- NpyFormat.cpp - The .npy byte format, standard C++ only ------------===//
//
// Format: https://numpy.org/doc/stable/reference/generated/numpy.lib.format.html
//   "\x93NUMPY" major minor HEADER_LEN (uint16 LE for 1.0, uint32 LE for 2.0)
//   header: a Python dict literal {'descr': ..., 'fortran_order': ...,
//   'shape': (...), } padded with spaces and ended by '\n', so that the data
//   starts at a multiple of 64 bytes; then the raw array data.
//
// Only the standard library: the runner built by rifflec compiles this file
// as well (see riffle/Support/NpyFormat.h). Bytes are assembled one by one,
// so the code is right on hosts of either byte order.
//
//===----------------------------------------------------------------------===//

#include "riffle/Support/NpyFormat.h"

#include <cstring>

namespace {

constexpr char kMagic[] = "\x93NUMPY";
constexpr size_t kMagicSize = 6;

uint64_t readLE(const char *bytes, int size) {
  uint64_t value = 0;
  for (int i = size - 1; i >= 0; --i)
    value = (value << 8) | static_cast<unsigned char>(bytes[i]);
  return value;
}

void appendLE(std::string &out, uint64_t value, int size) {
  for (int i = 0; i < size; ++i)
    out.push_back(static_cast<char>((value >> (8 * i)) & 0xff));
}

bool isSpace(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' ||
         c == '\f';
}

/// What the header says about the array.
struct Header {
  std::string descr;
  bool fortranOrder = false;
  std::vector<int64_t> shape;
};

/// A recursive-descent parser for the header's dict literal. It accepts what
/// NumPy writes (and any spacing): string keys, and as values strings,
/// True/False and tuples of non-negative integers.
class HeaderParser {
public:
  explicit HeaderParser(std::string text) : text(std::move(text)) {}

  /// Parses the dict into `header`; returns the problem, or "".
  std::string parse(Header &header) {
    bool seenDescr = false, seenOrder = false, seenShape = false;
    skipSpace();
    if (!consume('{'))
      return "header is not a Python dict literal";
    while (true) {
      skipSpace();
      if (consume('}'))
        break;
      std::string key;
      if (!parseString(key))
        return "expected a quoted key in the header dict";
      skipSpace();
      if (!consume(':'))
        return "expected ':' after header key '" + key + "'";
      skipSpace();
      if (key == "descr") {
        if (!parseString(header.descr))
          return "'descr' must be a quoted dtype string";
        seenDescr = true;
      } else if (key == "fortran_order") {
        if (consumeWord("True"))
          header.fortranOrder = true;
        else if (consumeWord("False"))
          header.fortranOrder = false;
        else
          return "'fortran_order' must be True or False";
        seenOrder = true;
      } else if (key == "shape") {
        std::string error = parseShape(header.shape);
        if (!error.empty())
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
      return "expected ',' or '}' in the header dict";
    }
    skipSpace();
    if (pos != text.size())
      return "unexpected text after the header dict";
    if (!seenDescr || !seenOrder || !seenShape)
      return std::string("header lacks ") +
             (!seenDescr ? "'descr'" : !seenOrder ? "'fortran_order'"
                                                  : "'shape'");
    return "";
  }

private:
  void skipSpace() {
    while (pos < text.size() && isSpace(text[pos]))
      ++pos;
  }
  bool consume(char c) {
    if (pos < text.size() && text[pos] == c) {
      ++pos;
      return true;
    }
    return false;
  }
  bool consumeWord(const char *word) {
    size_t n = std::strlen(word);
    if (text.compare(pos, n, word) != 0)
      return false;
    pos += n;
    return true;
  }
  bool parseString(std::string &out) {
    if (pos >= text.size() || (text[pos] != '\'' && text[pos] != '"'))
      return false;
    char quote = text[pos++];
    size_t end = text.find(quote, pos);
    if (end == std::string::npos)
      return false;
    out = text.substr(pos, end - pos);
    pos = end + 1;
    return true;
  }
  std::string parseShape(std::vector<int64_t> &shape) {
    const char *notTuple = "'shape' must be a tuple of integers";
    if (!consume('('))
      return notTuple;
    while (true) {
      skipSpace();
      if (consume(')'))
        return "";
      size_t start = pos;
      int64_t dim = 0;
      bool overflow = false;
      while (pos < text.size() && text[pos] >= '0' && text[pos] <= '9') {
        // Once too large, keep scanning the digits but stop accumulating:
        // the multiplication itself would overflow.
        overflow |= dim > (INT64_MAX - 9) / 10;
        if (!overflow)
          dim = dim * 10 + (text[pos] - '0');
        ++pos;
      }
      if (start == pos || overflow)
        return "'shape' must be a tuple of non-negative integers";
      consume('L'); // NumPy may write Python 2 longs as "3L".
      shape.push_back(dim);
      skipSpace();
      if (consume(','))
        continue;
      skipSpace();
      if (consume(')'))
        return "";
      return notTuple;
    }
  }

  std::string text;
  size_t pos = 0;
};

std::string rtrim(std::string text) {
  while (!text.empty() && isSpace(text.back()))
    text.pop_back();
  return text;
}

} // namespace

std::string riffle::npy::parse(const char *bytes, size_t size,
                               std::vector<int64_t> &shape,
                               std::vector<float> &data) {
  using std::to_string;
  if (size < kMagicSize || std::memcmp(bytes, kMagic, kMagicSize) != 0)
    return "not a .npy file (bad magic string)";
  if (size < kMagicSize + 2)
    return "truncated .npy file (no format version)";
  unsigned major = static_cast<unsigned char>(bytes[6]);
  unsigned minor = static_cast<unsigned char>(bytes[7]);
  if ((major != 1 && major != 2) || minor != 0)
    return "unsupported .npy format version " + to_string(major) + "." +
           to_string(minor) + " (expected 1.0 or 2.0)";
  int lengthSize = major == 1 ? 2 : 4;
  size_t prefix = kMagicSize + 2 + lengthSize;
  if (size < prefix)
    return "truncated .npy file (no header length)";
  uint64_t headerLength = readLE(bytes + kMagicSize + 2, lengthSize);
  if (size - prefix < headerLength)
    return "truncated .npy file (header of " + to_string(headerLength) +
           " bytes, " + to_string(size - prefix) + " present)";
  std::string headerText(bytes + prefix, headerLength);

  Header header;
  std::string error = HeaderParser(headerText).parse(header);
  if (!error.empty())
    return "malformed .npy header: " + error + " in \"" + rtrim(headerText) +
           "\"";
  if (header.fortranOrder)
    return "Fortran-order arrays are not supported (save a C-contiguous "
           "array, e.g. np.ascontiguousarray)";
  size_t itemSize;
  if (header.descr == "<f4")
    itemSize = 4;
  else if (header.descr == "<f8")
    itemSize = 8;
  else if (header.descr == ">f4" || header.descr == ">f8")
    return "big-endian data ('" + header.descr + "') is not supported";
  else
    return "dtype '" + header.descr +
           "' is not supported; expected float32 ('<f4') or float64 ('<f8')";

  int64_t count = 1;
  const int64_t limit = int64_t{1} << 40;
  for (int64_t dim : header.shape) {
    if (dim != 0 && count > limit / dim)
      return "array shape is too large";
    count *= dim;
  }
  uint64_t dataSize = static_cast<uint64_t>(count) * itemSize;
  uint64_t present = size - prefix - headerLength;
  if (present < dataSize)
    return "truncated .npy file: the header promises " + to_string(count) +
           " elements (" + to_string(dataSize) + " bytes) but " +
           to_string(present) + " bytes follow it";
  if (present > dataSize)
    return to_string(present - dataSize) +
           " unexpected bytes after the array data";

  shape = header.shape;
  data.resize(count);
  const char *raw = bytes + prefix + headerLength;
  for (int64_t i = 0; i < count; ++i) {
    if (itemSize == 4) {
      uint32_t bits = static_cast<uint32_t>(readLE(raw + 4 * i, 4));
      std::memcpy(&data[i], &bits, 4);
    } else {
      uint64_t bits = readLE(raw + 8 * i, 8);
      double value;
      std::memcpy(&value, &bits, 8);
      data[i] = static_cast<float>(value);
    }
  }
  return "";
}

std::string riffle::npy::serialize(const int64_t *shape, size_t rank,
                                   const float *data, size_t count) {
  // NumPy's spelling of a shape tuple: "()", "(5,)", "(2, 3)".
  std::string dict = "{'descr': '<f4', 'fortran_order': False, 'shape': (";
  for (size_t i = 0; i < rank; ++i)
    dict += (i ? ", " : "") + std::to_string(shape[i]);
  dict += rank == 1 ? ",)" : ")";
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

  std::string bytes(kMagic, kMagicSize);
  bytes.reserve(padded + 4 * count);
  bytes.push_back(version2 ? 2 : 1);
  bytes.push_back(0);
  appendLE(bytes, header.size(), version2 ? 4 : 2);
  bytes += header;
  for (size_t i = 0; i < count; ++i) {
    uint32_t bits;
    std::memcpy(&bits, &data[i], 4);
    appendLE(bytes, bits, 4);
  }
  return bytes;
}

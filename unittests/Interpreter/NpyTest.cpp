//===- NpyTest.cpp - .npy reading and writing -----------------------------===//

#include "riffle/Support/Npy.h"

#include "llvm/ADT/SmallString.h"
#include "llvm/Support/Endian.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"

#include "gtest/gtest.h"

#include <cmath>
#include <cstring>
#include <limits>
#include <string>

using namespace mlir::riffle;

namespace {

/// A .npy file with `header` (the dict text; padded and ended by '\n' here)
/// followed by `data`, in format version `major`.0.
std::string makeNpy(const std::string &header, const std::string &data,
                    int major = 1) {
  std::string text = header;
  size_t prefix = major == 1 ? 10 : 12;
  while ((prefix + text.size() + 1) % 64 != 0)
    text.push_back(' ');
  text.push_back('\n');
  std::string bytes("\x93NUMPY", 6);
  bytes.push_back(static_cast<char>(major));
  bytes.push_back(0);
  char length[4];
  if (major == 1) {
    llvm::support::endian::write16le(length, text.size());
    bytes.append(length, 2);
  } else {
    llvm::support::endian::write32le(length, text.size());
    bytes.append(length, 4);
  }
  return bytes + text + data;
}

std::string floatBytes(std::initializer_list<float> values) {
  std::string bytes;
  for (float value : values) {
    char word[4];
    uint32_t bits;
    std::memcpy(&bits, &value, 4);
    llvm::support::endian::write32le(word, bits);
    bytes.append(word, 4);
  }
  return bytes;
}

std::string doubleBytes(std::initializer_list<double> values) {
  std::string bytes;
  for (double value : values) {
    char word[8];
    uint64_t bits;
    std::memcpy(&bits, &value, 8);
    llvm::support::endian::write64le(word, bits);
    bytes.append(word, 8);
  }
  return bytes;
}

/// The error message parsing `bytes` gives (empty when it parses).
std::string parseError(const std::string &bytes) {
  llvm::Expected<NpyArray> array = parseNpy(bytes, "t.npy");
  if (array)
    return "";
  return llvm::toString(array.takeError());
}

const char kF32Header[] = "{'descr': '<f4', 'fortran_order': False, ";

TEST(NpyTest, RoundTripShapes) {
  const float inf = std::numeric_limits<float>::infinity();
  std::vector<float> values = {1.5f, -0.0f, inf, -inf, 3.0e-39f, 1e30f};
  struct Case {
    llvm::SmallVector<int64_t, 4> shape;
    size_t count;
  } cases[] = {{{}, 1}, {{6}, 6}, {{2, 3}, 6}, {{1, 2, 1, 3}, 6},
               {{0, 4}, 0}};
  for (const Case &c : cases) {
    llvm::ArrayRef<float> data(values.data(), c.count);
    std::string bytes = serializeNpy(c.shape, data);
    EXPECT_EQ(bytes.substr(0, 8), std::string("\x93NUMPY\x01\x00", 8));
    llvm::Expected<NpyArray> array = parseNpy(bytes, "round-trip");
    ASSERT_TRUE(!!array) << llvm::toString(array.takeError());
    EXPECT_EQ(array->shape, c.shape);
    ASSERT_EQ(array->data.size(), c.count);
    // Bit for bit, including -0 and infinities. (memcmp of an empty array
    // may get a null pointer, which UBSan rightly reports.)
    if (c.count)
      EXPECT_EQ(std::memcmp(array->data.data(), data.data(), 4 * c.count), 0);
  }
}

TEST(NpyTest, RoundTripNaN) {
  float nan = std::numeric_limits<float>::quiet_NaN();
  std::string bytes = serializeNpy({2}, {nan, 1.0f});
  llvm::Expected<NpyArray> array = parseNpy(bytes, "nan");
  ASSERT_TRUE(!!array);
  EXPECT_TRUE(std::isnan(array->data[0]));
  EXPECT_EQ(array->data[1], 1.0f);
}

TEST(NpyTest, HeaderIsNumPys) {
  // Byte for byte what numpy.save writes for np.zeros((2, 3), np.float32).
  std::string bytes = serializeNpy({2, 3}, std::vector<float>(6, 0.0f));
  ASSERT_EQ(bytes.size(), 128u + 24u);
  EXPECT_EQ(llvm::support::endian::read16le(bytes.data() + 8), 118u);
  std::string header = bytes.substr(10, 118);
  std::string dict =
      "{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }";
  EXPECT_EQ(header, dict + std::string(118 - dict.size() - 1, ' ') + "\n");
  // One-element tuples keep their comma; 0-d arrays have "()".
  EXPECT_NE(serializeNpy({5}, std::vector<float>(5)).find("'shape': (5,), }"),
            std::string::npos);
  EXPECT_NE(serializeNpy({}, {1.0f}).find("'shape': (), }"), std::string::npos);
}

TEST(NpyTest, Version2ForLongHeaders) {
  // 30000 dimensions of size 1 need a header longer than 65535 bytes.
  llvm::SmallVector<int64_t> shape(30000, 1);
  std::string bytes = serializeNpy(shape, {42.0f});
  EXPECT_EQ(bytes[6], 2);
  EXPECT_EQ((12 + llvm::support::endian::read32le(bytes.data() + 8)) % 64, 0u);
  llvm::Expected<NpyArray> array = parseNpy(bytes, "v2");
  ASSERT_TRUE(!!array) << llvm::toString(array.takeError());
  EXPECT_EQ(array->shape.size(), 30000u);
  EXPECT_EQ(array->data, std::vector<float>{42.0f});
}

TEST(NpyTest, ReadsVersion2AndSpacing) {
  std::string bytes =
      makeNpy("{\"shape\":(2,),\"fortran_order\":False,\"descr\":\"<f4\"}",
              floatBytes({1.0f, 2.0f}), 2);
  llvm::Expected<NpyArray> array = parseNpy(bytes, "v2");
  ASSERT_TRUE(!!array) << llvm::toString(array.takeError());
  EXPECT_EQ(array->shape, (llvm::SmallVector<int64_t, 4>{2}));
  EXPECT_EQ(array->data, (std::vector<float>{1.0f, 2.0f}));
}

TEST(NpyTest, ReadsFloat64) {
  std::string bytes =
      makeNpy("{'descr': '<f8', 'fortran_order': False, 'shape': (3,), }",
              doubleBytes({0.1, -2.5, 1e300}));
  llvm::Expected<NpyArray> array = parseNpy(bytes, "f8");
  ASSERT_TRUE(!!array) << llvm::toString(array.takeError());
  EXPECT_EQ(array->data[0], 0.1f);
  EXPECT_EQ(array->data[1], -2.5f);
  EXPECT_TRUE(std::isinf(array->data[2]));
}

TEST(NpyTest, BadFiles) {
  std::string good = std::string(kF32Header) + "'shape': (2,), }";
  std::string data = floatBytes({1.0f, 2.0f});
  ASSERT_EQ(parseError(makeNpy(good, data)), "");

  EXPECT_EQ(parseError(""), "t.npy: not a .npy file (bad magic string)");
  EXPECT_EQ(parseError("PK\x03\x04 not numpy"),
            "t.npy: not a .npy file (bad magic string)");
  EXPECT_EQ(parseError(std::string("\x93NUMPY", 6)),
            "t.npy: truncated .npy file (no format version)");
  std::string v3 = makeNpy(good, data);
  v3[6] = 3;
  EXPECT_EQ(parseError(v3),
            "t.npy: unsupported .npy format version 3.0 (expected 1.0 or 2.0)");
  std::string v11 = makeNpy(good, data);
  v11[7] = 1;
  EXPECT_NE(parseError(v11).find("version 1.1"), std::string::npos);
  EXPECT_EQ(parseError(std::string("\x93NUMPY\x01\x00\x10", 9)),
            "t.npy: truncated .npy file (no header length)");
  // Header length beyond the end of the file.
  EXPECT_NE(parseError(makeNpy(good, data).substr(0, 40))
                .find("truncated .npy file (header of 118 bytes, 30 present)"),
            std::string::npos);

  EXPECT_EQ(
      parseError(makeNpy("{'descr': '<f4', 'fortran_order': True, "
                         "'shape': (2,), }",
                         data)),
      "t.npy: Fortran-order arrays are not supported (save a C-contiguous "
      "array, e.g. np.ascontiguousarray)");
  EXPECT_EQ(parseError(makeNpy("{'descr': '<i4', 'fortran_order': False, "
                               "'shape': (2,), }",
                               data)),
            "t.npy: dtype '<i4' is not supported; expected float32 ('<f4') "
            "or float64 ('<f8')");
  EXPECT_EQ(parseError(makeNpy("{'descr': '>f4', 'fortran_order': False, "
                               "'shape': (2,), }",
                               data)),
            "t.npy: big-endian data ('>f4') is not supported");
  EXPECT_EQ(parseError(makeNpy(good, data.substr(0, 7))),
            "t.npy: truncated .npy file: the header promises 2 elements (8 "
            "bytes) but 7 bytes follow it");
  EXPECT_EQ(parseError(makeNpy(good, data + "xy")),
            "t.npy: 2 unexpected bytes after the array data");

  // Malformed headers.
  EXPECT_NE(parseError(makeNpy("['descr', '<f4']", data))
                .find("malformed .npy header: header is not a Python dict"),
            std::string::npos);
  EXPECT_NE(parseError(makeNpy("{'descr': '<f4', 'shape': (2,), }", data))
                .find("header lacks 'fortran_order'"),
            std::string::npos);
  EXPECT_NE(parseError(makeNpy(std::string(kF32Header) + "'shape': (2, -1), }",
                               data))
                .find("'shape' must be a tuple of non-negative integers"),
            std::string::npos);
  EXPECT_NE(parseError(makeNpy(std::string(kF32Header) + "'shape': 2, }", data))
                .find("'shape' must be a tuple of integers"),
            std::string::npos);
  EXPECT_NE(parseError(makeNpy(std::string(kF32Header) +
                                   "'shape': (2,), 'extra': 1}",
                               data))
                .find("unexpected header key 'extra'"),
            std::string::npos);
  EXPECT_NE(parseError(makeNpy(std::string(kF32Header) + "'shape': (2,) } x",
                               data))
                .find("unexpected text after the header dict"),
            std::string::npos);
  EXPECT_NE(parseError(makeNpy("{'descr': '<f4', 'fortran_order': maybe, "
                               "'shape': (2,), }",
                               data))
                .find("'fortran_order' must be True or False"),
            std::string::npos);
  EXPECT_NE(parseError(makeNpy(std::string(kF32Header) +
                                   "'shape': (99999999999, 99999999999), }",
                               data))
                .find("array shape is too large"),
            std::string::npos);
}

TEST(NpyTest, Files) {
  llvm::SmallString<128> dir;
  ASSERT_FALSE(llvm::sys::fs::createUniqueDirectory("riffle-npy-test", dir));
  llvm::SmallString<128> path(dir);
  llvm::sys::path::append(path, "a.npy");
  ASSERT_FALSE(writeNpy(path, {2, 2}, {1.0f, 2.0f, 3.0f, 4.0f}));
  llvm::Expected<NpyArray> array = readNpy(path);
  ASSERT_TRUE(!!array) << llvm::toString(array.takeError());
  EXPECT_EQ(array->data, (std::vector<float>{1.0f, 2.0f, 3.0f, 4.0f}));

  // Missing files and folders are errors naming the path.
  llvm::SmallString<128> missing(dir);
  llvm::sys::path::append(missing, "no-such-dir", "b.npy");
  llvm::Error error = writeNpy(missing, {1}, {1.0f});
  ASSERT_TRUE(!!error);
  EXPECT_NE(llvm::toString(std::move(error)).find(missing.str().str()),
            std::string::npos);
  llvm::Expected<NpyArray> notThere = readNpy(missing);
  ASSERT_FALSE(!!notThere);
  EXPECT_NE(llvm::toString(notThere.takeError()).find("cannot read"),
            std::string::npos);
  EXPECT_FALSE(llvm::sys::fs::exists(missing));

  llvm::sys::fs::remove(path);
  llvm::sys::fs::remove(dir);
}

} // namespace

//===- ModelEntryFuzzer.cpp - libFuzzer target: a generated library's entry ===//
//
// Calls the Halide entry `m(halide_buffer_t *in, halide_buffer_t *out)` of a
// model compiled by rifflec at build time (fuzz/model/block.onnxtxt) with
// buffers whose element type, rank, mins, extents and strides come from the
// input. The buffers themselves are well formed (their memory covers every
// element they describe), so whatever they say the library must either
// compute or return an error, never read or write outside them. When the
// call succeeds on buffers of the model's own shape, the output must equal
// the one computed on dense buffers.
//
//===----------------------------------------------------------------------===//

#include "m.h"

#include <fuzzer/FuzzedDataProvider.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <vector>

namespace {

/// Largest buffer a fuzz input may describe (bytes).
constexpr int64_t kMaxBytes = int64_t{1} << 24;

/// A buffer and the memory behind it.
struct FuzzBuffer {
  halide_buffer_t buffer{};
  std::vector<halide_dimension_t> dims;
  std::vector<uint8_t> memory;
  bool ownShape = true; // float32, the model's rank, shape and mins 0

  /// Element `index` (row-major over the model's shape) as a float; only
  /// when ownShape.
  float &at(const std::vector<int64_t> &coords) {
    int64_t offset = 0;
    for (size_t d = 0; d < coords.size(); ++d)
      offset += coords[d] * dims[d].stride;
    return reinterpret_cast<float *>(buffer.host)[offset];
  }
};

halide_type_t pickType(FuzzedDataProvider &fuzz) {
  static const halide_type_t types[] = {
      {halide_type_float, 32, 1}, {halide_type_float, 64, 1},
      {halide_type_float, 16, 1}, {halide_type_int, 32, 1},
      {halide_type_uint, 8, 1},   {halide_type_float, 32, 4}};
  // Mostly the right type, so that shapes and strides get explored.
  if (fuzz.ConsumeIntegralInRange<int>(0, 7) != 0)
    return types[0];
  return types[fuzz.ConsumeIntegralInRange<size_t>(0, 5)];
}

/// Describes a buffer near `shape`: each field mostly right, sometimes off.
/// Returns false when its memory would exceed kMaxBytes.
bool makeBuffer(FuzzedDataProvider &fuzz, const int *shape, int rank,
                FuzzBuffer &out) {
  halide_type_t type = pickType(fuzz);
  int dimensions = rank;
  if (fuzz.ConsumeIntegralInRange<int>(0, 15) == 0)
    dimensions = fuzz.ConsumeIntegralInRange<int>(0, 6);
  out.ownShape = dimensions == rank && type.code == halide_type_float &&
                 type.bits == 32 && type.lanes == 1;
  // Halide's generated code reads dim[0 .. rank-1] before it checks
  // `dimensions`, so a buffer of lower rank with a shorter dim array is read
  // out of bounds (a crash with dim == NULL for rank 0). The generated
  // header's NAME() does not check the rank either; that is reported as a
  // bug in the generated API. Until it checks, the dim array always has room
  // for the model's rank, and only `dimensions` says less.
  out.dims.assign(std::max(dimensions, rank), halide_dimension_t{});
  for (int d = 0; d < dimensions; ++d) {
    int32_t extent = d < rank ? shape[d] : 1;
    switch (fuzz.ConsumeIntegralInRange<int>(0, 9)) {
    case 0:
      extent = fuzz.ConsumeIntegralInRange<int32_t>(0, 40);
      break;
    case 1:
      extent += fuzz.ConsumeBool() ? 1 : -1;
      break;
    default:
      break;
    }
    extent = std::max(extent, 0);
    int32_t min = fuzz.ConsumeIntegralInRange<int>(0, 15) == 0
                      ? fuzz.ConsumeIntegralInRange<int32_t>(-3, 3)
                      : 0;
    out.dims[d].min = min;
    out.dims[d].extent = extent;
    if (d >= rank || extent != shape[d] || min != 0)
      out.ownShape = false;
  }
  // Strides: dense row-major (Halide's dim 0 is innermost: the last ONNX
  // axis), padded, permuted or negated.
  int64_t elemBytes = (type.bits + 7) / 8 * type.lanes;
  std::vector<int> order(dimensions);
  for (int d = 0; d < dimensions; ++d)
    order[d] = d;
  if (fuzz.ConsumeIntegralInRange<int>(0, 3) == 0)
    for (int d = dimensions - 1; d > 0; --d)
      std::swap(order[d], order[fuzz.ConsumeIntegralInRange<int>(0, d)]);
  int64_t stride = 1;
  for (int d : order) {
    int64_t padding = fuzz.ConsumeIntegralInRange<int>(0, 7) == 0
                          ? fuzz.ConsumeIntegralInRange<int64_t>(0, 5)
                          : 0;
    int64_t s = stride + padding;
    if (s > INT32_MAX)
      return false;
    out.dims[d].stride = static_cast<int32_t>(s);
    if (fuzz.ConsumeIntegralInRange<int>(0, 15) == 0)
      out.dims[d].stride = -out.dims[d].stride;
    stride = s * std::max<int64_t>(out.dims[d].extent, 1);
    if (stride * elemBytes > kMaxBytes)
      return false;
  }
  // The memory spans the lowest to the highest element address.
  int64_t lowest = 0, highest = 0;
  bool empty = false;
  for (int d = 0; d < dimensions; ++d) {
    const halide_dimension_t &dim = out.dims[d];
    if (dim.extent == 0)
      empty = true;
    int64_t reach = int64_t{dim.extent - 1} * dim.stride;
    (reach < 0 ? lowest : highest) += reach;
  }
  int64_t elements = empty ? 0 : highest - lowest + 1;
  out.memory.assign(static_cast<size_t>(std::max<int64_t>(elements, 1) *
                                        elemBytes),
                    0);
  // Input values: whatever bytes the fuzzer has left, repeated.
  std::string bytes = fuzz.ConsumeBytesAsString(
      std::min<size_t>(out.memory.size(), fuzz.remaining_bytes() / 2));
  for (size_t i = 0; i < out.memory.size() && !bytes.empty(); ++i)
    out.memory[i] = static_cast<uint8_t>(bytes[i % bytes.size()]);

  halide_buffer_t &buffer = out.buffer;
  buffer.host = out.memory.data() - lowest * elemBytes;
  buffer.type = type;
  buffer.dimensions = dimensions;
  buffer.dim = out.dims.data();
  return true;
}

/// Halide's dimension order of the ONNX shape: innermost first.
std::vector<int> halideShape(const int *shape, int rank) {
  return std::vector<int>(std::reverse_iterator<const int *>(shape + rank),
                          std::reverse_iterator<const int *>(shape));
}

/// Visits every coordinate (Halide order) of `shape`.
template <typename Fn>
void forEachCoord(const std::vector<int> &shape, Fn fn) {
  std::vector<int64_t> coords(shape.size(), 0);
  int64_t total = 1;
  for (int extent : shape)
    total *= extent;
  for (int64_t i = 0; i < total; ++i) {
    fn(coords);
    for (size_t d = 0; d < coords.size() && ++coords[d] == shape[d]; ++d)
      coords[d] = 0;
  }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  FuzzedDataProvider fuzz(data, size);
  std::vector<int> inShape = halideShape(m_input_shape, m_INPUT_RANK);
  std::vector<int> outShape = halideShape(m_output_shape, m_OUTPUT_RANK);
  FuzzBuffer input, output;
  if (!makeBuffer(fuzz, inShape.data(), m_INPUT_RANK, input) ||
      !makeBuffer(fuzz, outShape.data(), m_OUTPUT_RANK, output))
    return -1; // not kept in the corpus
  // NaN and Inf inputs are expected; only a crash or a sanitizer report fails.
  int status = m(&input.buffer, &output.buffer);
  if (status != 0 || !input.ownShape || !output.ownShape)
    return 0;

  // Same values through dense buffers: the strides must not change results.
  FuzzBuffer denseIn, denseOut;
  for (FuzzBuffer *dense : {&denseIn, &denseOut}) {
    const std::vector<int> &shape = dense == &denseIn ? inShape : outShape;
    dense->dims.assign(shape.size(), halide_dimension_t{});
    int32_t stride = 1;
    for (size_t d = 0; d < shape.size(); ++d) {
      dense->dims[d] = {0, shape[d], stride, 0};
      stride *= shape[d];
    }
    dense->memory.assign(static_cast<size_t>(stride) * sizeof(float), 0);
    dense->buffer.host = dense->memory.data();
    dense->buffer.type = {halide_type_float, 32, 1};
    dense->buffer.dimensions = static_cast<int>(shape.size());
    dense->buffer.dim = dense->dims.data();
  }
  forEachCoord(inShape, [&](const std::vector<int64_t> &c) {
    denseIn.at(c) = input.at(c);
  });
  if (m(&denseIn.buffer, &denseOut.buffer) != 0)
    std::abort(); // the same call succeeded with other strides
  forEachCoord(outShape, [&](const std::vector<int64_t> &c) {
    float got = output.at(c), want = denseOut.at(c);
    if (std::isnan(got) && std::isnan(want))
      return;
    if (got != want && !(std::fabs(got - want) <= 1e-5f + 1e-5f * std::fabs(want)))
      std::abort();
  });
  return 0;
}

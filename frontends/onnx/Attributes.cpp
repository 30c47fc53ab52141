//===- Attributes.cpp - Reading ONNX attributes and tensors ---------------===//

#include "Importer.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/Support/raw_ostream.h"

#include <cstring>

using namespace mlir;
using namespace mlir::riffle::onnx_import;

ConstTensor ConstTensor::ofInts(llvm::ArrayRef<int64_t> dims,
                                std::vector<int64_t> values) {
  ConstTensor t;
  t.kind = Kind::Int;
  t.dims.assign(dims.begin(), dims.end());
  t.ints = std::move(values);
  return t;
}

ConstTensor ConstTensor::ofFloats(llvm::ArrayRef<int64_t> dims,
                                  std::vector<float> values) {
  ConstTensor t;
  t.kind = Kind::Float;
  t.dims.assign(dims.begin(), dims.end());
  t.floats = std::move(values);
  return t;
}

llvm::SmallVector<int64_t> TensorEntry::getShape() const {
  if (shuffle)
    return shuffle->shape;
  if (constant)
    return constant->dims;
  Value tensor = pad ? pad->source : value;
  llvm::SmallVector<int64_t> shape(
      cast<RankedTensorType>(tensor.getType()).getShape());
  if (pad)
    for (int d = 0; d < 2; ++d)
      shape[d + 2] += pad->pads[d] + pad->pads[d + 2];
  return shape;
}

const onnx::AttributeProto *
mlir::riffle::onnx_import::findAttr(const onnx::NodeProto &node,
                                    llvm::StringRef name) {
  for (const onnx::AttributeProto &attr : node.attribute())
    if (attr.name() == name)
      return &attr;
  return nullptr;
}

int64_t mlir::riffle::onnx_import::getIntAttr(const onnx::NodeProto &node,
                                              llvm::StringRef name,
                                              int64_t defaultValue) {
  const onnx::AttributeProto *attr = findAttr(node, name);
  return attr ? attr->i() : defaultValue;
}

float mlir::riffle::onnx_import::getFloatAttr(const onnx::NodeProto &node,
                                              llvm::StringRef name,
                                              float defaultValue) {
  const onnx::AttributeProto *attr = findAttr(node, name);
  return attr ? attr->f() : defaultValue;
}

std::string mlir::riffle::onnx_import::getStringAttr(
    const onnx::NodeProto &node, llvm::StringRef name,
    llvm::StringRef defaultValue) {
  const onnx::AttributeProto *attr = findAttr(node, name);
  return attr ? attr->s() : defaultValue.str();
}

std::optional<llvm::SmallVector<int64_t>>
mlir::riffle::onnx_import::getIntsAttr(const onnx::NodeProto &node,
                                       llvm::StringRef name) {
  const onnx::AttributeProto *attr = findAttr(node, name);
  if (!attr)
    return std::nullopt;
  return llvm::SmallVector<int64_t>(attr->ints().begin(), attr->ints().end());
}

namespace {
/// Copies `count` little-endian values of type T out of raw_data.
template <typename T>
std::vector<T> readRaw(const std::string &raw, int64_t count) {
  std::vector<T> values(count);
  std::memcpy(values.data(), raw.data(), count * sizeof(T));
  return values;
}

/// IEEE half to float (for FLOAT16 initializers).
float halfToFloat(uint16_t h) {
  uint32_t sign = (h & 0x8000u) << 16, exponent = (h >> 10) & 0x1f,
           mantissa = h & 0x3ffu, bits;
  if (exponent == 0) {
    if (mantissa == 0) {
      bits = sign;
    } else { // subnormal: normalize
      exponent = 127 - 15 + 1;
      while (!(mantissa & 0x400u)) {
        mantissa <<= 1;
        --exponent;
      }
      bits = sign | (exponent << 23) | ((mantissa & 0x3ffu) << 13);
    }
  } else if (exponent == 31) {
    bits = sign | 0x7f800000u | (mantissa << 13);
  } else {
    bits = sign | ((exponent + 127 - 15) << 23) | (mantissa << 13);
  }
  float f;
  std::memcpy(&f, &bits, sizeof(f));
  return f;
}
} // namespace

FailureOr<ConstTensor>
mlir::riffle::onnx_import::readTensorProto(const onnx::TensorProto &tensor,
                                           std::string &error) {
  if (tensor.data_location() == onnx::TensorProto::EXTERNAL) {
    error = "tensor '" + tensor.name() +
            "' keeps its data in an external file, which is not supported";
    return failure();
  }
  llvm::SmallVector<int64_t> dims(tensor.dims().begin(), tensor.dims().end());
  int64_t count = 1;
  for (int64_t d : dims) {
    if (d < 0) {
      error = "tensor '" + tensor.name() + "' has a negative dimension";
      return failure();
    }
    count *= d;
  }
  const std::string &raw = tensor.raw_data();
  bool hasRaw = tensor.has_raw_data();
  auto checkCount = [&](int64_t available, size_t elementSize) {
    if (hasRaw ? raw.size() != count * elementSize : available != count) {
      error = "tensor '" + tensor.name() + "' holds " +
              std::to_string(hasRaw ? raw.size() / elementSize : available) +
              " elements but its shape " + formatShape(dims) + " needs " +
              std::to_string(count);
      return false;
    }
    return true;
  };

  switch (tensor.data_type()) {
  case onnx::TensorProto::FLOAT: {
    if (!checkCount(tensor.float_data_size(), 4))
      return failure();
    if (hasRaw)
      return ConstTensor::ofFloats(dims, readRaw<float>(raw, count));
    return ConstTensor::ofFloats(dims, std::vector<float>(
                                           tensor.float_data().begin(),
                                           tensor.float_data().end()));
  }
  case onnx::TensorProto::DOUBLE: {
    if (!checkCount(tensor.double_data_size(), 8))
      return failure();
    std::vector<double> values =
        hasRaw ? readRaw<double>(raw, count)
               : std::vector<double>(tensor.double_data().begin(),
                                     tensor.double_data().end());
    return ConstTensor::ofFloats(dims,
                                 std::vector<float>(values.begin(), values.end()));
  }
  case onnx::TensorProto::FLOAT16: {
    if (!checkCount(tensor.int32_data_size(), 2))
      return failure();
    std::vector<float> values;
    if (hasRaw) {
      for (uint16_t h : readRaw<uint16_t>(raw, count))
        values.push_back(halfToFloat(h));
    } else {
      for (int32_t h : tensor.int32_data())
        values.push_back(halfToFloat(static_cast<uint16_t>(h)));
    }
    return ConstTensor::ofFloats(dims, std::move(values));
  }
  case onnx::TensorProto::INT64: {
    if (!checkCount(tensor.int64_data_size(), 8))
      return failure();
    if (hasRaw)
      return ConstTensor::ofInts(dims, readRaw<int64_t>(raw, count));
    return ConstTensor::ofInts(dims, std::vector<int64_t>(
                                         tensor.int64_data().begin(),
                                         tensor.int64_data().end()));
  }
  case onnx::TensorProto::INT32: {
    if (!checkCount(tensor.int32_data_size(), 4))
      return failure();
    std::vector<int32_t> values =
        hasRaw ? readRaw<int32_t>(raw, count)
               : std::vector<int32_t>(tensor.int32_data().begin(),
                                      tensor.int32_data().end());
    return ConstTensor::ofInts(dims,
                               std::vector<int64_t>(values.begin(), values.end()));
  }
  case onnx::TensorProto::INT8:
  case onnx::TensorProto::UINT8:
  case onnx::TensorProto::BOOL: {
    if (!checkCount(tensor.int32_data_size(), 1))
      return failure();
    std::vector<int64_t> values;
    bool isSigned = tensor.data_type() == onnx::TensorProto::INT8;
    if (hasRaw) {
      for (char c : raw)
        values.push_back(isSigned ? static_cast<int8_t>(c)
                                  : static_cast<uint8_t>(c));
    } else {
      values.assign(tensor.int32_data().begin(), tensor.int32_data().end());
    }
    return ConstTensor::ofInts(dims, std::move(values));
  }
  default:
    error = "tensor '" + tensor.name() + "' has element type " +
            onnx::TensorProto::DataType_Name(
                static_cast<onnx::TensorProto::DataType>(tensor.data_type())) +
            ", which is not supported";
    return failure();
  }
}

FailureOr<llvm::SmallVector<int64_t>>
mlir::riffle::onnx_import::getStaticShape(const onnx::ValueInfoProto &info,
                                          std::string &error) {
  if (!info.type().has_tensor_type() ||
      !info.type().tensor_type().has_shape()) {
    error = "'" + info.name() + "' has no tensor shape";
    return failure();
  }
  llvm::SmallVector<int64_t> shape;
  for (const auto &[index, dim] :
       llvm::enumerate(info.type().tensor_type().shape().dim())) {
    if (!dim.has_dim_value() || dim.dim_value() < 1) {
      error = "dimension " + std::to_string(index) + " of '" + info.name() +
              "' is " +
              (dim.has_dim_param() ? "symbolic ('" + dim.dim_param() + "')"
                                   : std::string("unknown")) +
              "; Riffle compiles static shapes";
      return failure();
    }
    shape.push_back(dim.dim_value());
  }
  return shape;
}

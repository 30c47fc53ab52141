// two_models: calls two Riffle models from C++ (examples/cmake/README.md).
//
//   two_models BLOCK_IN.f32 BLOCK_OUT.f32 NET_IN.f32 NET_OUT.f32
//
// Inputs and outputs are raw little-endian float32 arrays in the models'
// NCHW layout. Sizes come from the libraries' shape queries.
#include "block.h"
#include "net.h"

#include <cstdio>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

namespace {

using RunFn = int (*)(const float *, float *);
using DimFn = int (*)(int, int);
using RankFn = int (*)(int);

/// Elements of input/output `i` per the model's shape queries; also the
/// shape as text ("1x3x64x64").
size_t elements(RankFn rank, DimFn dim, std::string &text) {
  size_t n = 1;
  for (int d = 0; d < rank(0); ++d) {
    n *= static_cast<size_t>(dim(0, d));
    text += (d ? "x" : "") + std::to_string(dim(0, d));
  }
  return n;
}

bool runModel(const char *name, RunFn run, const char *(*lastError)(),
              RankFn inRank, DimFn inDim, RankFn outRank, DimFn outDim,
              const char *inPath, const char *outPath) {
  std::string inShape, outShape;
  std::vector<float> in(elements(inRank, inDim, inShape));
  std::vector<float> out(elements(outRank, outDim, outShape));
  std::ifstream input(inPath, std::ios::binary);
  std::vector<char> bytes((std::istreambuf_iterator<char>(input)),
                          std::istreambuf_iterator<char>());
  if (bytes.size() != in.size() * sizeof(float)) {
    std::fprintf(stderr, "error: %s holds %zu bytes; %s takes %s floats\n",
                 inPath, bytes.size(), name, inShape.c_str());
    return false;
  }
  std::copy(bytes.begin(), bytes.end(), reinterpret_cast<char *>(in.data()));
  if (run(in.data(), out.data()) != 0) {
    std::fprintf(stderr, "error: %s\n", lastError());
    return false;
  }
  std::ofstream(outPath, std::ios::binary)
      .write(reinterpret_cast<const char *>(out.data()),
             static_cast<std::streamsize>(out.size() * sizeof(float)));
  std::printf("%s: %s -> %s\n", name, inShape.c_str(), outShape.c_str());
  return true;
}

} // namespace

int main(int argc, char **argv) {
  if (argc != 5) {
    std::fprintf(stderr, "usage: %s BLOCK_IN BLOCK_OUT NET_IN NET_OUT\n",
                 argv[0]);
    return 1;
  }
  bool ok = runModel("block", block_run, block_last_error, block_input_rank,
                     block_input_dim, block_output_rank, block_output_dim,
                     argv[1], argv[2]) &&
            runModel("net", net_run, net_last_error, net_input_rank,
                     net_input_dim, net_output_rank, net_output_dim, argv[3],
                     argv[4]);
  return ok ? 0 : 1;
}

# Sanitizer and fuzzing builds (scripts/reliability.sh, fuzz/README.md).
#
#   -DRIFFLE_SANITIZE=address,undefined   every target built with ASan + UBSan
#   -DRIFFLE_FUZZ=ON                      libFuzzer targets in fuzz/; every
#                                         library gets coverage instrumentation
#
# Both need clang (Debian's clang-22: -DCMAKE_C_COMPILER=clang-22
# -DCMAKE_CXX_COMPILER=clang++-22). One build with both serves the fuzzers and
# the sanitized test run, so CI compiles the project only once more.
# The MLIR/LLVM, Halide and ONNX libraries stay Debian's uninstrumented
# shared ones: ASan's interceptors still see their allocations, but no
# coverage or bounds checks are added inside them.

set(RIFFLE_SANITIZE "" CACHE STRING
    "Sanitizers for every target, as -fsanitize takes them (e.g. address,undefined)")
option(RIFFLE_FUZZ "Build the libFuzzer targets in fuzz/ (needs clang)" OFF)

if(RIFFLE_SANITIZE OR RIFFLE_FUZZ)
  if(NOT CMAKE_CXX_COMPILER_ID STREQUAL "Clang" OR NOT CMAKE_C_COMPILER_ID STREQUAL "Clang")
    message(FATAL_ERROR "RIFFLE_SANITIZE and RIFFLE_FUZZ need clang: configure with "
      "-DCMAKE_C_COMPILER=clang-22 -DCMAKE_CXX_COMPILER=clang++-22 (scripts/install-deps.sh installs them)")
  endif()
endif()

if(RIFFLE_SANITIZE)
  # Frame pointers make ASan's stack traces complete; recovery off makes a
  # UBSan report fail the test that triggered it instead of scrolling by.
  add_compile_options(-fsanitize=${RIFFLE_SANITIZE} -fno-omit-frame-pointer
                      -fno-sanitize-recover=all)
  add_link_options(-fsanitize=${RIFFLE_SANITIZE})
  message(STATUS "Riffle: sanitizers ${RIFFLE_SANITIZE}")
endif()

# Every executable defined under `dir` (recursively) gets ASan's defaults
# (lib/Support/SanitizerDefaults.c). Called once, after all subdirectories.
function(riffle_add_sanitizer_defaults dir)
  if(NOT RIFFLE_SANITIZE MATCHES "address")
    return()
  endif()
  get_property(targets DIRECTORY ${dir} PROPERTY BUILDSYSTEM_TARGETS)
  foreach(target IN LISTS targets)
    get_target_property(type ${target} TYPE)
    if(type STREQUAL "EXECUTABLE")
      target_sources(${target} PRIVATE
                     ${PROJECT_SOURCE_DIR}/lib/Support/SanitizerDefaults.c)
    endif()
  endforeach()
  get_property(subdirs DIRECTORY ${dir} PROPERTY SUBDIRECTORIES)
  foreach(subdir IN LISTS subdirs)
    riffle_add_sanitizer_defaults(${subdir})
  endforeach()
endfunction()

if(RIFFLE_FUZZ)
  # Coverage for everything; only the fuzz targets link libFuzzer's main.
  add_compile_options(-fsanitize=fuzzer-no-link)
  add_link_options(-fsanitize=fuzzer-no-link)
  message(STATUS "Riffle: libFuzzer targets in fuzz/")
endif()

# A libFuzzer executable from `sources`, linked with `libs`.
function(riffle_add_fuzzer name)
  cmake_parse_arguments(ARG "" "" "SOURCES;LIBS" ${ARGN})
  add_executable(${name} ${ARG_SOURCES})
  target_link_libraries(${name} PRIVATE ${ARG_LIBS})
  target_link_options(${name} PRIVATE -fsanitize=fuzzer)
  set_target_properties(${name} PROPERTIES RUNTIME_OUTPUT_DIRECTORY ${CMAKE_BINARY_DIR}/fuzz)
endfunction()

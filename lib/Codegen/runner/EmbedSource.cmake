# Writes INPUT's text into OUTPUT as a C++ raw string literal,
#   static const char VARIABLE[] = R"riffle_src(...)riffle_src";
# so rifflec carries the runner's source and needs no source tree at run time.
# Usage: cmake -DINPUT=... -DOUTPUT=... -DVARIABLE=... -P EmbedSource.cmake
file(READ "${INPUT}" text)
string(FIND "${text}" ")riffle_src\"" clash)
if(NOT clash EQUAL -1)
  message(FATAL_ERROR "${INPUT} contains the raw-string delimiter")
endif()
file(WRITE "${OUTPUT}.tmp"
  "// Generated from ${INPUT} by EmbedSource.cmake; do not edit.\n"
  "static const char ${VARIABLE}[] = R\"riffle_src(${text})riffle_src\";\n")
file(RENAME "${OUTPUT}.tmp" "${OUTPUT}")

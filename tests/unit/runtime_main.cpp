// Catch2 entry point of the unit test binary.
#define CATCH_CONFIG_MAIN
// GCC 12 with -O2 and -fsanitize=address reports false -Wmaybe-uninitialized warnings inside
// <regex>, which Catch's implementation includes; they are not about our code.
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#include <catch2/catch.hpp>
#pragma GCC diagnostic pop

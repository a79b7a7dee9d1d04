/// @file parser.hpp
/// The SOM parser: recursive descent over the rules of `SOM.g4` (SOM-st/SOM), plus Smalltalk-80 cascades
/// (`recv msg1; msg2`). Syntax errors throw core::Error "FILE:LINE:COLUMN: message" (1-based, with pos()).
#pragma once
#include <string>
#include <string_view>

#include "trellis/smalltalk/ast.hpp"

namespace trellis::smalltalk {

/// Parses one class file (`Name = Super ( ... )`). Throws core::Error on a syntax error.
ClassDef parse_class(std::string_view source, const std::string& file);

/// Parses a sequence of statements with optional leading temporaries (`| a b | stmt. stmt`), as the body of a
/// `-e` expression or a REPL line. Throws core::Error on a syntax error.
MethodDef parse_doit(std::string_view source, const std::string& file);

}  // namespace trellis::smalltalk

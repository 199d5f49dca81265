/* conformance/tests/schema_check.h — a small JSON Schema (draft 2020-12) checker for the tests of the
 * scenario schema (test_schema.c).
 *
 * It knows exactly the keywords conf_scenario_schema() uses — $ref (to #/$defs/...), type, enum,
 * const, properties, required, additionalProperties (false), dependentRequired, items, minItems,
 * maxItems, minimum, maximum, multipleOf, minLength, maxLength, pattern (POSIX extended regular
 * expressions, which the schema's patterns are written to mean the same in), not, anyOf, oneOf,
 * allOf, if/then — and ignores only the annotations (description, default, title, $schema, $id,
 * $defs). Any other keyword fails the check, so the schema cannot grow a rule this checker skips. */
#ifndef CONF_TEST_SCHEMA_CHECK_H
#define CONF_TEST_SCHEMA_CHECK_H

#include <cjson/cJSON.h>
#include <stdbool.h>
#include <stddef.h>

/* True when instance is valid against the whole schema `root`. Otherwise false, with the JSON path of
 * the first failure found and the reason in why. */
bool schema_check(const cJSON *root, const cJSON *instance, char *why, size_t cap);

/* The same against the definition root["$defs"][def]. */
bool schema_check_def(const cJSON *root, const char *def, const cJSON *instance, char *why, size_t cap);

#endif

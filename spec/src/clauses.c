/* spec/src/clauses.c — the clause table assembled from clauses_vendor.def and clauses_model.def. */
#include "spec/clauses.h"

#include <string.h>

static const spec_clause clause_table[] = {
#define SPEC_CLAUSE(id, api, level, text, source) {id, api, level, text, source},
#include "spec/clauses_vendor.def"
#include "spec/clauses_model.def"
#undef SPEC_CLAUSE
};

#define CLAUSE_COUNT ((int)(sizeof clause_table / sizeof clause_table[0]))

const spec_clause *spec_clause_find(const char *id) {
    if (id == NULL) return NULL;
    for (int i = 0; i < CLAUSE_COUNT; i++)
        if (strcmp(clause_table[i].id, id) == 0) return &clause_table[i];
    return NULL;
}

const char *spec_level_name(spec_level level) {
    switch (level) {
    case SPEC_LEVEL_STRICT: return "strict";
    case SPEC_LEVEL_DOCUMENTED_SET: return "documented-set";
    case SPEC_LEVEL_MODEL: return "model";
    case SPEC_LEVEL_HAZARD: return "hazard";
    default: return "?";
    }
}

const spec_clause *spec_clause_table(int *count) {
    *count = CLAUSE_COUNT;
    return clause_table;
}

/* spec/src/clauses.c — the clause table assembled from clauses_vendor.def and clauses_model.def, and the
 * failure/status pairs of clause_parts.def. */
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

static const struct {
    const char *failure, *status;
} part_table[] = {
#define SPEC_CLAUSE_PART(failure, status) {failure, status},
#include "spec/clause_parts.def"
#undef SPEC_CLAUSE_PART
};

#define PART_COUNT ((int)(sizeof part_table / sizeof part_table[0]))

bool spec_clause_parts(const char *id, const spec_clause **failure, const spec_clause **status) {
    for (int i = 0; id != NULL && i < PART_COUNT; i++) {
        if (strcmp(part_table[i].failure, id) != 0 && strcmp(part_table[i].status, id) != 0) continue;
        *failure = spec_clause_find(part_table[i].failure);
        *status = spec_clause_find(part_table[i].status);
        return *failure != NULL && *status != NULL;
    }
    return false;
}

int spec_clause_part_count(void) {
    return PART_COUNT;
}

const char *spec_clause_part_at(int index, const char **status) {
    if (index < 0 || index >= PART_COUNT) return NULL;
    *status = part_table[index].status;
    return part_table[index].failure;
}

const spec_clause *spec_clause_table(int *count) {
    *count = CLAUSE_COUNT;
    return clause_table;
}

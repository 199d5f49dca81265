/* reports/src/catalogue.c — `rtshm spec`: the clause catalogue (and, in JSON, the function table with
 * each function's parameters and documented and model statuses), from spec/ alone; declared in
 * reports/coverage.h beside the coverage it is the index of. */
#include <cjson/cJSON.h>
#include <stdlib.h>

#include "reports/coverage.h"
#include "spec/clauses.h"
#include "spec/functions.h"
#include "traces/canon.h"

void report_spec_list(FILE *out, bool json) {
    int count;
    const spec_clause *clauses = spec_clause_table(&count);
    if (!json) {
        for (int i = 0; i < count; i++)
            fprintf(out, "%-34s %-14s %-7s %s\n    %s\n", clauses[i].id, spec_level_name(clauses[i].level), clauses[i].api,
                    clauses[i].source, clauses[i].text);
        fprintf(out, "%d clauses\n", count);
        return;
    }
    cJSON *doc = cJSON_CreateObject();
    cJSON *jc = cJSON_AddArrayToObject(doc, "clauses");
    for (int i = 0; i < count; i++) {
        cJSON *e = cJSON_CreateObject();
        cJSON_AddStringToObject(e, "id", clauses[i].id);
        cJSON_AddStringToObject(e, "api", clauses[i].api);
        cJSON_AddStringToObject(e, "level", spec_level_name(clauses[i].level));
        cJSON_AddStringToObject(e, "text", clauses[i].text);
        cJSON_AddStringToObject(e, "source", clauses[i].source);
        cJSON_AddItemToArray(jc, e);
    }
    int fcount;
    const spec_function *fns = spec_function_table(&fcount);
    cJSON *jf = cJSON_AddArrayToObject(doc, "functions");
    for (int i = 0; i < fcount; i++) {
        cJSON *e = cJSON_CreateObject();
        cJSON_AddStringToObject(e, "api", spec_api_name(fns[i].api));
        cJSON_AddStringToObject(e, "name", fns[i].name);
        cJSON_AddStringToObject(e, "clause", fns[i].clause);
        cJSON_AddStringToObject(e, "status_family", spec_family_name(fns[i].status_family));
        cJSON *params = cJSON_AddArrayToObject(e, "parameters");
        for (int k = 0; k < fns[i].param_count; k++) cJSON_AddItemToArray(params, cJSON_CreateString(fns[i].params[k].name));
        cJSON_AddStringToObject(e, "documented_statuses", fns[i].documented);
        cJSON_AddStringToObject(e, "model_statuses", fns[i].model);
        cJSON_AddItemToArray(jf, e);
    }
    char *text = trace_canonical_json(doc);
    fprintf(out, "%s\n", text ? text : "{}");
    free(text);
    cJSON_Delete(doc);
}

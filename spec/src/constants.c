/* spec/src/constants.c — lookup and '|'-expression evaluation over constants.def. */
#include "spec/constants.h"

#include <string.h>

typedef struct const_row {
    const char *name;
    uint64_t value;
} const_row;

static const const_row const_table[] = {
#define SPEC_CONST(name, value) {#name, (uint64_t)(value)},
#include "spec/constants.def"
#undef SPEC_CONST
};

bool spec_const_lookup(const char *name, uint64_t *value) {
    for (size_t i = 0; i < sizeof const_table / sizeof const_table[0]; i++) {
        if (strcmp(const_table[i].name, name) == 0) {
            *value = const_table[i].value;
            return true;
        }
    }
    return false;
}

bool spec_const_eval(const char *expr, uint64_t *value, char *bad_name, int name_cap) {
    uint64_t acc = 0;
    const char *p = expr;
    char name[64];
    for (int terms = 0; terms < 32; terms++) {
        while (*p == ' ') p++;
        size_t len = strcspn(p, "| ");
        const char *q = p + len;
        while (*q == ' ') q++;
        uint64_t v = 0;
        bool ok = len > 0 && len < sizeof name;
        if (ok) {
            memcpy(name, p, len);
            name[len] = '\0';
            ok = spec_const_lookup(name, &v);
        }
        if (!ok) {
            if (bad_name && name_cap > 0) {
                size_t n = len < (size_t)name_cap - 1 ? len : (size_t)name_cap - 1;
                memcpy(bad_name, p, n);
                bad_name[n] = '\0';
            }
            return false;
        }
        acc |= v;
        if (*q == '\0') {
            *value = acc;
            return true;
        }
        if (*q != '|') break;
        p = q + 1;
    }
    if (bad_name && name_cap > 0) bad_name[0] = '\0';
    return false;
}

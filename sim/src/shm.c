/* sim/src/shm.c — name rules, page rounding and handle+view attachment shared by the families. */
#include "sim/shm.h"

#include <string.h>

size_t sim_name_chars(const char *name) {
    size_t chars = 0;
    for (const unsigned char *s = (const unsigned char *)name; *s; s++)
        if ((*s & 0xC0) != 0x80) chars++;
    return chars;
}

sim_name_problem sim_name_check(const char *name) {
    if (sim_name_chars(name) > SIM_MAX_NAME_CHARS) return SIM_NAME_TOO_LONG;
    if (strchr(name, '\\')) return SIM_NAME_BACKSLASH;
    return SIM_NAME_OK;
}

uint64_t sim_round_to_page(uint64_t bytes) {
    return (bytes + SIM_PAGE_BYTES - 1) / SIM_PAGE_BYTES * SIM_PAGE_BYTES;
}

uint64_t sim_attach(sim_process *p, sim_object *obj, bool writable, uint64_t *location) {
    uint64_t h = sim_handles_add(&p->handles, obj);
    if (h == 0) return 0;
    obj->handle_count++;
    uint64_t va;
    if (!sim_as_map(&p->as, obj, 0, obj->size_bytes, writable, &va)) {
        sim_handles_remove(&p->handles, h);
        obj->handle_count--;
        return 0;
    }
    *location = va;
    return h;
}

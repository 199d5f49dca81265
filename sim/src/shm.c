/* sim/src/shm.c — name rules, page rounding and handle+view attachment shared by the families. */
#include "sim/shm.h"

#include <string.h>

size_t sim_name_chars(const char *name) {
    size_t units = 0;
    for (const unsigned char *s = (const unsigned char *)name; *s; s++) {
        if ((*s & 0xC0) == 0x80) continue; /* a continuation byte */
        units += *s >= 0xF0 ? 2 : 1;        /* a 4-byte sequence is outside the BMP: a surrogate pair */
    }
    return units;
}

sim_name_problem sim_name_check_max(const char *name, size_t max_chars) {
    if (sim_name_chars(name) > max_chars) return SIM_NAME_TOO_LONG;
    if (strchr(name, '\\')) return SIM_NAME_BACKSLASH;
    return SIM_NAME_OK;
}

sim_name_problem sim_name_check(const char *name) {
    return sim_name_check_max(name, SIM_MAX_NAME_CHARS);
}

uint64_t sim_round_to_page(uint64_t bytes) {
    return (bytes + SIM_PAGE_BYTES - 1) / SIM_PAGE_BYTES * SIM_PAGE_BYTES;
}

uint64_t sim_attach(sim_process *p, sim_object *obj, bool writable, uint64_t *location) {
    return sim_attach_bytes(p, obj, writable, obj->size_bytes, location);
}

uint64_t sim_attach_bytes(sim_process *p, sim_object *obj, bool writable, uint64_t view_bytes, uint64_t *location) {
    uint64_t h = sim_handles_add(&p->handles, obj);
    if (h == 0) return 0;
    obj->handle_count++;
    uint64_t va;
    if (!sim_as_map(&p->as, obj, 0, view_bytes, writable, &va)) {
        sim_handles_remove(&p->handles, h);
        obj->handle_count--;
        return 0;
    }
    *location = va;
    return h;
}

uint64_t sim_create_object(sim_process *p, sim_kernel *k, const sim_family *family, sim_object_kind kind,
                           const char *name, uint64_t size_bytes, uint32_t protect, bool writable, uint64_t *location,
                           sim_object **created) {
    *created = NULL;
    sim_object *obj = sim_object_new(k, family, kind, name, p->world->next_object_id);
    if (obj == NULL) return 0;
    obj->size_bytes = size_bytes;
    obj->protect = protect;
    uint64_t h = 0;
    if (name == NULL || sim_ns_insert(&k->ns, obj)) {
        if (kind == SIM_OBJ_SHM) {
            h = sim_attach(p, obj, writable, location);
        } else if ((h = sim_handles_add(&p->handles, obj)) != 0) {
            obj->handle_count = 1;
        }
    }
    if (h == 0) {
        sim_object_destroy(obj);
        return 0;
    }
    p->world->next_object_id++; /* ids count objects that came to exist */
    *created = obj;
    return h;
}

sim_sync_result sim_create_sync(sim_process *p, sim_kernel *k, const sim_family *family, sim_object_kind kind,
                                const char *name, uint64_t *handle, sim_object **created) {
    *created = NULL;
    *handle = 0;
    sim_object *existing = name ? sim_ns_lookup(&k->ns, name) : NULL;
    if (existing) {
        if (existing->kind != kind) return SIM_SYNC_COLLISION;
        if ((*handle = sim_handles_add(&p->handles, existing)) == 0) return SIM_SYNC_NO_ROOM;
        existing->handle_count++;
        return SIM_SYNC_OPENED;
    }
    *handle = sim_create_object(p, k, family, kind, name, 0, 0, false, NULL, created);
    return *handle ? SIM_SYNC_CREATED : SIM_SYNC_NO_ROOM;
}

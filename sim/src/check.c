/* sim/src/check.c — sim_world_check: walks a whole world and checks the model's invariants.
 *
 * Every check goes through CHECK: with RTSHM_ASSERTS a broken one fails like a SIM_ASSERT (abort,
 * naming the condition); without, the walk stops and sim_world_check returns false. Object counts are
 * checked exactly: the objects behind every process handle and every view are gathered, sorted by
 * address (the order is only used to count, never recorded) and counted in runs. */
#include "sim/world.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "sim/alloc.h"
#include "sim/assert.h"
#include "sim/family.h"

#if SIM_ASSERTS_ON
#define CHECK(cond)                                                                                \
    do {                                                                                           \
        if (!(cond)) sim_assert_fail(#cond, __FILE__, __LINE__, __func__);                         \
    } while (0)
#else
#define CHECK(cond)                                                                                \
    do {                                                                                           \
        if (!(cond)) return false;                                                                 \
    } while (0)
#endif

/* Bounds and indices of the world's parts, and the kernels and nodes each refers to. */
static bool check_parts(const sim_world *w) {
    CHECK(w->node_count >= 0 && w->node_count <= SIM_MAX_NODES);
    CHECK(w->kernel_count >= 0 && w->kernel_count <= SIM_MAX_KERNELS);
    CHECK(w->link_count >= 0 && w->link_count <= SIM_MAX_LINKS);
    CHECK(w->process_count >= 0 && w->process_count <= SIM_MAX_PROCESSES);
    for (int i = 0; i < w->node_count; i++) CHECK(w->nodes[i] != NULL && w->nodes[i]->index == i);
    for (int i = 0; i < w->kernel_count; i++) {
        const sim_kernel *k = w->kernels[i];
        CHECK(k != NULL && k->index == i && (unsigned)k->kind < SIM_KERNEL_KIND_COUNT);
        CHECK(k->node == NULL || (k->node->index >= 0 && k->node->index < w->node_count &&
                                  w->nodes[k->node->index] == k->node));
    }
    for (int i = 0; i < w->link_count; i++) {
        const sim_link *l = w->links[i];
        CHECK(l != NULL && l->a != NULL && l->b != NULL);
        CHECK(l->a->index < w->node_count && w->nodes[l->a->index] == l->a);
        CHECK(l->b->index < w->node_count && w->nodes[l->b->index] == l->b);
    }
    for (int i = 0; i < w->process_count; i++) {
        const sim_process *p = w->processes[i];
        CHECK(p != NULL && p->index == i && p->world == w);
        CHECK(p->node == NULL || (p->node->index < w->node_count && w->nodes[p->node->index] == p->node));
        CHECK(p->kernel == NULL ||
              (p->kernel->index < w->kernel_count && w->kernels[p->kernel->index] == p->kernel));
        CHECK(p->rtss == NULL || (p->rtss->index < w->kernel_count && w->kernels[p->rtss->index] == p->rtss &&
                                  p->rtss->kind == SIM_KERNEL_RTX64));
    }
    return true;
}

/* A namespace entry names a live object of k under exactly that name, and the object is on k's list. */
static bool ns_entry_ok(const void *key, size_t key_len, void *value, void *ctx) {
    const sim_kernel *k = ctx;
    const sim_object *obj = value;
    CHECK(obj != NULL && obj->kernel == k && !obj->destroyed && obj->name != NULL);
    CHECK(strlen(obj->name) == key_len && memcmp(obj->name, key, key_len) == 0);
    CHECK(obj->prev ? obj->prev->next == obj : k->first_object == obj);
    return true;
}

/* k's list of live objects (linked both ways, each live and k's, its charge to k's memory summing to
 * what k counts used), its namespace, and its families' own invariants. */
static bool check_kernel(const sim_kernel *k) {
    size_t named = 0;
    uint64_t charged = 0;
    const sim_object *prev = NULL;
    for (const sim_object *obj = k->first_object; obj; prev = obj, obj = obj->next) {
        CHECK(obj->prev == prev && obj->kernel == k && !obj->destroyed);
        CHECK(obj->family != NULL && sim_object_rules(obj) != NULL);
        CHECK(obj->handle_count >= sim_object_internal_holds(obj));
        if (obj->name) {
            named++;
            CHECK(sim_ns_lookup(&k->ns, obj->name) == obj);
        }
        if (obj->charged_to == &k->memory_used_bytes) charged += obj->charged_bytes;
    }
    CHECK(k->last_object == prev);
    CHECK(sim_ns_count(&k->ns) == named);
    CHECK(sim_hmap_each(&k->ns.names, ns_entry_ok, (void *)k));
    CHECK(k->memory_used_bytes == charged && k->memory_used_bytes <= k->memory_bytes);
    CHECK(sim_families_check_kernel(k));
    return true;
}

/* A handle table: slots, free stack and open count agree (every free slot is empty and on the stack
 * once, every other slot below the high-water mark holds an object). */
static bool check_handles(const sim_handles *ht) {
    CHECK(ht->used <= ht->capacity && ht->open <= ht->limit && ht->free_count + ht->open == ht->used);
    uint32_t open = 0;
    for (uint32_t slot = 0; slot < ht->used; slot++) open += ht->slots[slot] != NULL;
    CHECK(open == ht->open);
    unsigned char *seen = ht->used ? sim_calloc(ht->used, 1) : NULL; /* NULL: duplicates go unchecked */
    bool distinct = true, empty = true;
    for (uint32_t i = 0; i < ht->free_count && distinct && empty; i++) {
        uint32_t slot = ht->free_stack[i];
        empty = slot < ht->used && ht->slots[slot] == NULL;
        if (empty && seen) {
            distinct = !seen[slot];
            seen[slot] = 1;
        }
    }
    sim_free(seen);
    CHECK(empty);
    CHECK(distinct);
    return true;
}

/* An address space: views sorted, page-aligned, non-overlapping, inside the window and their objects,
 * within the count and byte limits; the packed prefix lies end to end from the window's base. */
static bool check_addrspace(const sim_addrspace *as) {
    CHECK(as->count <= as->capacity && as->count <= as->limit_views && as->packed <= as->count);
    uint64_t mapped = 0, end = as->window_base;
    for (size_t i = 0; i < as->count; i++) {
        const sim_view *v = &as->views[i];
        CHECK(v->obj != NULL && v->length > 0 && v->base_va % SIM_PAGE_BYTES == 0);
        CHECK(v->base_va >= end); /* sorted, and no overlap with the previous view */
        CHECK(i >= as->packed || v->base_va == end);
        CHECK(v->length <= as->window_base + SIM_VA_WINDOW_BYTES - v->base_va);
        CHECK(v->obj_offset <= v->obj->size_bytes && v->length <= v->obj->size_bytes - v->obj_offset);
        CHECK(v->obj_offset <= v->asked_lo && v->asked_lo <= v->asked_hi && v->asked_hi <= v->obj_offset + v->length);
        end = v->base_va + v->length;
        mapped += v->length;
    }
    CHECK(mapped == as->mapped_bytes && mapped <= as->limit_bytes);
    return true;
}

static int by_address(const void *a, const void *b) {
    uintptr_t x = (uintptr_t) * (const sim_object *const *)a, y = (uintptr_t) * (const sim_object *const *)b;
    return x < y ? -1 : x > y;
}

/* How many times obj occurs in the sorted array objs[0..n). */
static uint32_t occurrences(const sim_object **objs, size_t n, const sim_object *obj) {
    size_t lo = 0, hi = n;
    while (lo < hi) { /* first index whose address is >= obj's */
        size_t mid = lo + (hi - lo) / 2;
        if ((uintptr_t)objs[mid] < (uintptr_t)obj) lo = mid + 1;
        else hi = mid;
    }
    uint32_t count = 0;
    while (lo + count < n && objs[lo + count] == obj) count++;
    return count;
}

/* One object reached from a handle, a view or its kernel's list: its counts are exact, a destroyed one
 * is off its kernel's list and namespace and holds no charge, and a memory object (shared memory, RT
 * memory) names the clauses of its rounded tail and fresh bytes, its asked size inside its size. */
static bool check_object(const sim_object *obj, const sim_object **handles, size_t nh, const sim_object **views,
                         size_t nv) {
    CHECK(obj->family != NULL && sim_object_rules(obj) != NULL);
    CHECK(obj->handle_count == occurrences(handles, nh, obj) + sim_object_internal_holds(obj));
    CHECK(obj->view_count == occurrences(views, nv, obj));
    if (obj->kind == SIM_OBJ_SHM || obj->kind == SIM_OBJ_RTMEM)
        CHECK(obj->round_clause && obj->fresh_clause && obj->asked_bytes <= obj->size_bytes);
    if (obj->destroyed) {
        CHECK(obj->prev == NULL && obj->next == NULL && obj->kernel->first_object != obj);
        CHECK(obj->name == NULL || sim_ns_lookup(&obj->kernel->ns, obj->name) != obj);
        CHECK(obj->charged_to == NULL && obj->charged_bytes == 0);
    } else {
        CHECK(obj->prev ? obj->prev->next == obj : obj->kernel->first_object == obj);
    }
    return true;
}

/* Exact handle and view counts of every object reached. False only when a count is wrong; when memory
 * for the gathering runs out the counts go unchecked. */
static bool check_counts(const sim_world *w) {
    size_t nh = 0, nv = 0;
    for (int i = 0; i < w->process_count; i++) {
        nh += w->processes[i]->handles.open;
        nv += w->processes[i]->as.count;
    }
    const sim_object **handles = sim_malloc((nh + 1) * sizeof *handles);
    const sim_object **views = sim_malloc((nv + 1) * sizeof *views);
    bool ok = true;
    if (handles && views) {
        size_t ih = 0, iv = 0;
        for (int i = 0; i < w->process_count; i++) {
            const sim_process *p = w->processes[i];
            for (uint32_t slot = 0; slot < p->handles.used; slot++)
                if (p->handles.slots[slot]) handles[ih++] = p->handles.slots[slot];
            for (size_t j = 0; j < p->as.count; j++) views[iv++] = p->as.views[j].obj;
        }
        qsort(handles, nh, sizeof *handles, by_address);
        qsort(views, nv, sizeof *views, by_address);
        for (size_t i = 0; ok && i < nh; i++)
            if (i == 0 || handles[i] != handles[i - 1]) ok = check_object(handles[i], handles, nh, views, nv);
        for (size_t i = 0; ok && i < nv; i++)
            if (i == 0 || views[i] != views[i - 1]) ok = check_object(views[i], handles, nh, views, nv);
        for (int i = 0; ok && i < w->kernel_count; i++)
            for (const sim_object *obj = w->kernels[i]->first_object; ok && obj; obj = obj->next)
                ok = check_object(obj, handles, nh, views, nv);
    }
    sim_free(handles);
    sim_free(views);
    return ok;
}

bool sim_world_check(const sim_world *w) {
    CHECK(w != NULL);
    if (!check_parts(w)) return false;
    for (int i = 0; i < w->kernel_count; i++)
        if (!check_kernel(w->kernels[i])) return false;
    for (int i = 0; i < w->process_count; i++) {
        const sim_process *p = w->processes[i];
        if (!check_handles(&p->handles) || !check_addrspace(&p->as)) return false;
        CHECK(p->as.window_base == SIM_VA_FIRST_BASE + (uint64_t)p->index * SIM_VA_WINDOW_BYTES);
        CHECK(sim_families_check_process(p));
    }
    return check_counts(w);
}

/* sim/src/handles.c — slot array plus a LIFO free stack (IWIN32.HANDLE.VALUES). */
#include "sim/handles.h"

#include "sim/alloc.h"

#include <stdlib.h>

void sim_handles_init(sim_handles *ht, uint32_t limit) {
    ht->slots = NULL;
    ht->free_stack = NULL;
    ht->used = ht->capacity = ht->free_count = ht->open = 0;
    ht->limit = limit;
}

void sim_handles_free(sim_handles *ht) {
    sim_free(ht->slots);
    sim_free(ht->free_stack);
    sim_handles_init(ht, ht->limit);
}

uint64_t sim_handles_value(uint32_t slot) {
    return 4ull * ((uint64_t)slot + 1);
}

uint64_t sim_handles_add(sim_handles *ht, sim_object *obj) {
    if (ht->open >= ht->limit) return 0;
    uint32_t slot;
    if (ht->free_count > 0) {
        slot = ht->free_stack[--ht->free_count];
    } else {
        if (ht->used == ht->capacity) {
            uint32_t cap = ht->capacity ? ht->capacity * 2 : 16;
            sim_object **slots = sim_realloc(ht->slots, cap * sizeof *slots);
            if (slots == NULL) return 0;
            ht->slots = slots;
            uint32_t *stack = sim_realloc(ht->free_stack, cap * sizeof *stack);
            if (stack == NULL) return 0;
            ht->free_stack = stack;
            ht->capacity = cap;
        }
        slot = ht->used++;
    }
    ht->slots[slot] = obj;
    ht->open++;
    return sim_handles_value(slot);
}

/* Slot index of value, or UINT32_MAX when value cannot be a handle of this table. */
static uint32_t slot_of(const sim_handles *ht, uint64_t value) {
    if (value == 0 || value % 4 != 0) return UINT32_MAX;
    uint64_t slot = value / 4 - 1;
    if (slot >= ht->used) return UINT32_MAX;
    return (uint32_t)slot;
}

sim_object *sim_handles_get(const sim_handles *ht, uint64_t value) {
    uint32_t slot = slot_of(ht, value);
    return slot == UINT32_MAX ? NULL : ht->slots[slot];
}

sim_object *sim_handles_remove(sim_handles *ht, uint64_t value) {
    uint32_t slot = slot_of(ht, value);
    if (slot == UINT32_MAX || ht->slots[slot] == NULL) return NULL;
    sim_object *obj = ht->slots[slot];
    ht->slots[slot] = NULL;
    ht->free_stack[ht->free_count++] = slot;
    ht->open--;
    return obj;
}

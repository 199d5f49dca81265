/* sim/hmap.h — an open-addressing hash map from byte-string keys to pointers.
 *
 * Used for lookups only (names in a namespace, pages of a segment): nothing the simulator records
 * ever depends on its iteration order, which is why it offers no iteration except sim_hmap_clear's
 * callback (used to free values, where order cannot be observed) and sim_hmap_each, for invariant
 * checks (sim_world_check), which only assert. Keys are copied; values are borrowed. Capacity doubles
 * at 70% load; lookups are O(1) expected. */
#ifndef SIM_HMAP_H
#define SIM_HMAP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct sim_hmap_slot sim_hmap_slot;

typedef struct sim_hmap {
    sim_hmap_slot *slots; /* capacity entries, NULL until the first insert */
    size_t capacity;      /* power of two, or 0 */
    size_t count;         /* live entries */
    size_t tombstones;    /* deleted entries still occupying slots */
} sim_hmap;

/* An empty map; no allocation until the first insert. */
void sim_hmap_init(sim_hmap *map);

/* Frees the slots and key copies; calls free_value(value, ctx) on each value when free_value != NULL. */
void sim_hmap_clear(sim_hmap *map, void (*free_value)(void *value, void *ctx), void *ctx);

/* The value stored under key, or NULL. */
void *sim_hmap_get(const sim_hmap *map, const void *key, size_t key_len);

/* Stores value under key, replacing any previous value. Returns false only when memory runs out
 * (the map is then unchanged). */
bool sim_hmap_put(sim_hmap *map, const void *key, size_t key_len, void *value);

/* Removes key; returns the value it held, or NULL when absent. */
void *sim_hmap_remove(sim_hmap *map, const void *key, size_t key_len);

/* Calls visit(key, key_len, value, ctx) on every entry, in slot order (unspecified: use it only where
 * the order cannot be observed, such as a check that every entry holds). The map must not change
 * meanwhile. Returns false as soon as visit does (the rest is skipped), true otherwise. */
bool sim_hmap_each(const sim_hmap *map, bool (*visit)(const void *key, size_t key_len, void *value, void *ctx),
                   void *ctx);

/* Convenience wrappers for 64-bit integer keys and NUL-terminated string keys. */
void *sim_hmap_get_u64(const sim_hmap *map, uint64_t key);
bool sim_hmap_put_u64(sim_hmap *map, uint64_t key, void *value);
void *sim_hmap_remove_u64(sim_hmap *map, uint64_t key);
void *sim_hmap_get_str(const sim_hmap *map, const char *key);
bool sim_hmap_put_str(sim_hmap *map, const char *key, void *value);
void *sim_hmap_remove_str(sim_hmap *map, const char *key);

#endif

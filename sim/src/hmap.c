/* sim/src/hmap.c — open addressing with linear probing, FNV-1a hashing and tombstones.
 * Invariant: capacity is 0 or a power of two, and count + tombstones < capacity * 7/10 after every put,
 * so every probe sequence meets an empty slot and terminates.
 * Keys of at most SHORT_KEY_BYTES bytes (page indices, short names) live in the slot itself (key ==
 * SHORT_KEY), so storing and removing them allocates nothing; longer keys are copied to the heap. */
#include "sim/hmap.h"

#include "sim/alloc.h"

#include <stdlib.h>
#include <string.h>

#define SHORT_KEY_BYTES 8

struct sim_hmap_slot {
    unsigned char *key; /* NULL = empty; TOMBSTONE = deleted; SHORT_KEY = the key is in short_key */
    size_t key_len;
    uint64_t hash;
    void *value;
    unsigned char short_key[SHORT_KEY_BYTES];
};

static unsigned char tombstone_marker, short_key_marker;
#define TOMBSTONE (&tombstone_marker)
#define SHORT_KEY (&short_key_marker)

/* The bytes of a live slot's key. */
static const unsigned char *slot_key(const sim_hmap_slot *s) {
    return s->key == SHORT_KEY ? s->short_key : s->key;
}

/* Frees a live slot's key copy (nothing for a short key). */
static void free_key(sim_hmap_slot *s) {
    if (s->key != SHORT_KEY) sim_free(s->key);
}

static uint64_t hash_bytes(const void *key, size_t len) {
    const unsigned char *p = key;
    uint64_t h = 0xcbf29ce484222325ull;
    for (size_t i = 0; i < len; i++) {
        h ^= p[i];
        h *= 0x100000001b3ull;
    }
    return h ^ (h >> 29);
}

void sim_hmap_init(sim_hmap *map) {
    memset(map, 0, sizeof *map);
}

void sim_hmap_clear(sim_hmap *map, void (*free_value)(void *value, void *ctx), void *ctx) {
    for (size_t i = 0; i < map->capacity; i++) {
        sim_hmap_slot *s = &map->slots[i];
        if (s->key == NULL || s->key == TOMBSTONE) continue;
        if (free_value) free_value(s->value, ctx);
        free_key(s);
    }
    sim_free(map->slots);
    sim_hmap_init(map);
}

bool sim_hmap_each(const sim_hmap *map, bool (*visit)(const void *key, size_t key_len, void *value, void *ctx),
                   void *ctx) {
    for (size_t i = 0; i < map->capacity; i++) {
        const sim_hmap_slot *s = &map->slots[i];
        if (s->key == NULL || s->key == TOMBSTONE) continue;
        if (!visit(slot_key(s), s->key_len, s->value, ctx)) return false;
    }
    return true;
}

/* The slot holding key, or NULL. */
static sim_hmap_slot *find_slot(const sim_hmap *map, const void *key, size_t key_len, uint64_t hash) {
    if (map->capacity == 0) return NULL;
    size_t mask = map->capacity - 1;
    for (size_t i = hash & mask, n = 0; n < map->capacity; i = (i + 1) & mask, n++) {
        sim_hmap_slot *s = &map->slots[i];
        if (s->key == NULL) return NULL;
        if (s->key != TOMBSTONE && s->hash == hash && s->key_len == key_len && memcmp(slot_key(s), key, key_len) == 0)
            return s;
    }
    return NULL;
}

/* Rebuilds the table with new_capacity slots (dropping tombstones). */
static bool rehash(sim_hmap *map, size_t new_capacity) {
    sim_hmap_slot *slots = sim_calloc(new_capacity, sizeof *slots);
    if (slots == NULL) return false;
    size_t mask = new_capacity - 1;
    for (size_t i = 0; i < map->capacity; i++) {
        sim_hmap_slot *s = &map->slots[i];
        if (s->key == NULL || s->key == TOMBSTONE) continue;
        size_t j = s->hash & mask;
        while (slots[j].key != NULL) j = (j + 1) & mask;
        slots[j] = *s;
    }
    sim_free(map->slots);
    map->slots = slots;
    map->capacity = new_capacity;
    map->tombstones = 0;
    return true;
}

void *sim_hmap_get(const sim_hmap *map, const void *key, size_t key_len) {
    sim_hmap_slot *s = find_slot(map, key, key_len, hash_bytes(key, key_len));
    return s ? s->value : NULL;
}

bool sim_hmap_put(sim_hmap *map, const void *key, size_t key_len, void *value) {
    uint64_t hash = hash_bytes(key, key_len);
    sim_hmap_slot *s = find_slot(map, key, key_len, hash);
    if (s) {
        s->value = value;
        return true;
    }
    if ((map->count + map->tombstones + 1) * 10 >= map->capacity * 7) {
        size_t cap = map->capacity ? map->capacity : 16;
        while ((map->count + 1) * 10 >= cap * 7) cap *= 2;
        if (!rehash(map, cap)) return false;
    }
    sim_hmap_slot slot = {SHORT_KEY, key_len, hash, value, {0}};
    if (key_len <= SHORT_KEY_BYTES) {
        if (key_len) memcpy(slot.short_key, key, key_len);
    } else {
        if ((slot.key = sim_malloc(key_len)) == NULL) return false;
        memcpy(slot.key, key, key_len);
    }
    size_t mask = map->capacity - 1;
    size_t i = hash & mask;
    while (map->slots[i].key != NULL && map->slots[i].key != TOMBSTONE) i = (i + 1) & mask;
    if (map->slots[i].key == TOMBSTONE) map->tombstones--;
    map->slots[i] = slot;
    map->count++;
    return true;
}

void *sim_hmap_remove(sim_hmap *map, const void *key, size_t key_len) {
    sim_hmap_slot *s = find_slot(map, key, key_len, hash_bytes(key, key_len));
    if (s == NULL) return NULL;
    void *value = s->value;
    free_key(s);
    s->key = TOMBSTONE;
    s->value = NULL;
    map->count--;
    map->tombstones++;
    return value;
}

void *sim_hmap_get_u64(const sim_hmap *map, uint64_t key) { return sim_hmap_get(map, &key, sizeof key); }
bool sim_hmap_put_u64(sim_hmap *map, uint64_t key, void *value) { return sim_hmap_put(map, &key, sizeof key, value); }
void *sim_hmap_remove_u64(sim_hmap *map, uint64_t key) { return sim_hmap_remove(map, &key, sizeof key); }
void *sim_hmap_get_str(const sim_hmap *map, const char *key) { return sim_hmap_get(map, key, strlen(key)); }
bool sim_hmap_put_str(sim_hmap *map, const char *key, void *value) { return sim_hmap_put(map, key, strlen(key), value); }
void *sim_hmap_remove_str(sim_hmap *map, const char *key) { return sim_hmap_remove(map, key, strlen(key)); }

/* sim/api.h — every API family's public calls, sim_<family>_<VendorName>, in one include.
 *
 * For code that reaches every family by name, as the reference's dispatch does (it calls the sim
 * function of each spec/functions.def row): a new family adds its header here, a row, and such code
 * picks it up unchanged. One header per family of spec/families.def: the rt family's calls are in
 * sim/intime.h; the others' are named after the family. sim/mem.h (memory steps) and sim/world.h
 * (the world, events) come with them. */
#ifndef SIM_API_H
#define SIM_API_H

#include "sim/intime.h"
#include "sim/iwin32.h"
#include "sim/mem.h"
#include "sim/ntx.h"
#include "sim/rtk.h"
#include "sim/rtx64.h"
#include "sim/world.h"
#ifdef RTSHM_DEMO_FAMILY
#include "sim/demo.h"
#endif

#endif

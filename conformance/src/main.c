/* conformance/src/main.c — the rtshm binary. */
#include "conf/cli.h"

int main(int argc, char **argv) {
    return conf_cli_main(argc, argv);
}

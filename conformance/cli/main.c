/* conformance/cli/main.c — the rtshm binary: the command line of conf/cli.h (cli.c dispatches). */
#include "conf/cli.h"

int main(int argc, char **argv) {
    return conf_cli_main(argc, argv);
}

#include "services/cli/commands.hpp"

int main(int argc, char** argv) {
    return standort::services::cli::run_cli(argc, argv);
}

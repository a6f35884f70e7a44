#include "services/cli/command.hpp"

int main(int argc, char** argv) {
    return standort::services::cli::run_cli(argc, argv);
}

#pragma once

#include <filesystem>

namespace standort::geo {

// A run's files are written into one hidden folder beside their targets and moved into place
// together once every one of them is complete, so a run that fails or is killed leaves the
// previous run's set as it was: only a kill during the moves themselves (microseconds) can
// leave old and new side by side, and never a partial file under a final name.
//
// The folder is named `.standort-tmp-<pid>-XXXXXX`. Creating one removes the folders of runs
// whose process no longer exists (a killed run cannot clean up after itself); folders of live
// runs, even into the same place, are left alone, so two runs never touch each other's files.
class staged_output {
public:
    explicit staged_output(std::filesystem::path dir);
    ~staged_output();
    staged_output(const staged_output&) = delete;
    staged_output& operator=(const staged_output&) = delete;

    // Where the files are written before publish().
    const std::filesystem::path& folder() const noexcept { return m_folder; }
    // Moves every file of the folder to the target folder, side-cars (.csvt, .prj, .qml) before the
    // files they belong to, then removes the folder. Throws output_error naming the file.
    void publish();

private:
    std::filesystem::path m_dir;
    std::filesystem::path m_folder;
};

// A new, unique temporary folder inside `dir` (created, with `dir`, when missing), after removing
// the temporary folders there that dead runs left. Throws output_error naming `dir`.
std::filesystem::path make_temporary_folder(const std::filesystem::path& dir);

} // namespace standort::geo

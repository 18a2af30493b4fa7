fn main() {
    std::process::exit(specgate::cli::main());
}

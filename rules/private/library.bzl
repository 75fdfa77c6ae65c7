"""forge_library: an app's generated packages, generated and compiled."""

load("@io_bazel_rules_go//go:def.bzl", "go_library")
load(":generate.bzl", "GENERATED_FILES", "forge_generate")

# The generated packages each generated package imports (gen/actions
# imports gen/db, …): the macro links them, so the one rule Gazelle writes
# lists only what lies outside the app's gen/. A package may list one it
# does not import for some schema (an unused dep costs nothing); it must
# list every one it imports for any schema. Keep in step with forge/gen;
# a Go test (gazelle_ext) checks.
GENERATED_DEPS = {
    "actions": ["db"],
    "db": [],
    "factories": ["db"],
    "handlers": ["actions", "db"],
    "workers": [],
}

def forge_library(name, srcs, importpath, deps = [], jobs = None, **kwargs):
    """The generated packages of an app, each a go_library.

    For every generated package (actions, db, factories, handlers, workers)
    the macro declares `<name>_<package>_srcs` (forge_generate on `srcs`)
    and `<name>_<package>`, the go_library with import path
    `<importpath>/gen/<package>` that user code depends on. The Gazelle
    extension (//gazelle_ext) writes one into the schema package's BUILD
    file, with `deps` and `jobs` resolved:

    ```starlark
    forge_library(
        name = "gen",                          # :gen_db, :gen_actions, …
        srcs = ["catalog.go", "orders.go"],
        importpath = "example.com/shop/app",
        jobs = "//app/jobs",
        visibility = ["//visibility:public"],
        deps = ["@com_github_jackc_pgx_v5//:pgx", ...],
    )
    ```

    Args:
      name: the prefix of the declared targets; Gazelle writes "gen".
      srcs: the schema package's .go files.
      importpath: the Go import path of the app's directory, the one whose
        gen/ is generated, as `forge generate` lays it out: the packages are
        `<importpath>/gen/db`, ….
      deps: what the generated packages import outside the app's gen/ and
        jobs/ (Forge's runtime, pgx, River, …), given to each of their
        go_libraries; the generated packages' links to each other are the
        macro's.
      jobs: the app's jobs package (`<importpath>/jobs`), which gen/workers
        imports when the schema defines jobs; only gen/workers depends on
        it, since the jobs package imports the other generated packages.
      **kwargs: passed to each go_library (visibility, tags, …); tags and
        testonly also reach forge_generate.
    """
    parts = importpath.rsplit("/", 2)
    if len(parts) == 3 and parts[1] == "gen" and parts[2] in GENERATED_FILES:
        fail(("forge_library %s: importpath %r names one generated package; forge_library now takes the app's " +
              "import path (%r) and declares every generated package: run gazelle to rewrite the rules") % (
            name,
            importpath,
            parts[0],
        ))
    common = {k: kwargs[k] for k in ("tags", "testonly") if k in kwargs}
    for package in sorted(GENERATED_FILES.keys()):
        lib = "%s_%s" % (name, package)
        # Concatenation, not list(): deps may be a select().
        lib_deps = deps + [":%s_%s" % (name, d) for d in GENERATED_DEPS[package]]
        if package == "workers" and jobs:
            lib_deps = lib_deps + [jobs]
        forge_generate(
            name = lib + "_srcs",
            srcs = srcs,
            importpath = importpath,
            package = package,
            visibility = ["//visibility:private"],
            **common
        )
        go_library(
            name = lib,
            srcs = [":" + lib + "_srcs"],
            importpath = importpath + "/gen/" + package,
            deps = lib_deps,
            **kwargs
        )

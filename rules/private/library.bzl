"""forge_library: one generated package of an app, generated and compiled."""

load("@io_bazel_rules_go//go:def.bzl", "go_library")
load(":generate.bzl", "GENERATED_FILES", "forge_generate")

def forge_library(name, srcs, importpath, deps = [], **kwargs):
    """A go_library compiled from what forge_generate writes for one package.

    `importpath` is the package's import path, `<app>/gen/<package>` exactly
    as `forge generate` lays it out, which says both the app's import path
    (what generated code imports) and the package to generate. The macro
    declares `<name>_srcs` (forge_generate on `srcs`) and `<name>` (the
    go_library). The Gazelle extension (//gazelle_ext) writes one per
    generated package into the schema package's BUILD file, with `deps`
    resolved:

    ```starlark
    forge_library(
        name = "gen_db",
        srcs = ["catalog.go", "orders.go"],
        importpath = "example.com/shop/app/gen/db",
        visibility = ["//visibility:public"],
        deps = ["@com_github_jackc_pgx_v5//:pgx", ...],
    )
    ```

    Args:
      name: the go_library's name; Gazelle writes gen_<package>.
      srcs: the schema package's .go files.
      importpath: `<app>/gen/<package>`, where package is one of actions,
        db, factories, handlers, workers.
      deps: the go_library's deps.
      **kwargs: passed to the go_library (visibility, tags, …); tags and
        testonly also reach forge_generate.
    """
    parts = importpath.rsplit("/", 2)
    if len(parts) != 3 or parts[1] != "gen" or parts[2] not in GENERATED_FILES:
        fail("forge_library %s: importpath %r is not <app>/gen/<package> with package one of %s" % (
            name,
            importpath,
            ", ".join(sorted(GENERATED_FILES.keys())),
        ))
    common = {k: kwargs[k] for k in ("tags", "testonly") if k in kwargs}
    forge_generate(
        name = name + "_srcs",
        srcs = srcs,
        importpath = parts[0],
        package = parts[2],
        visibility = ["//visibility:private"],
        **common
    )
    go_library(
        name = name,
        srcs = [":" + name + "_srcs"],
        importpath = importpath,
        deps = deps,
        **kwargs
    )

"""forge_generate: the Forge generator as a hermetic Bazel action."""

# The files `forge generate` writes for every schema, by generated package.
# They never depend on the schema's resources (resources share
# resources.go), which is what lets a rule declare them at analysis time.
# Keep in step with gen.Files in forge/gen/gen.go; a Go test checks.
GENERATED_FILES = {
    "actions": ["actions.go", "jobs.go", "resources.go"],
    "db": ["db.go", "resources.go"],
    "factories": ["factories.go"],
    "handlers": ["handlers.go", "resources.go"],
    "workers": ["workers.go"],
}

def _forge_generate_impl(ctx):
    package = ctx.attr.package
    outs = [
        ctx.actions.declare_file("gen/%s/%s" % (package, name))
        for name in GENERATED_FILES[package]
    ]

    # outs[i] is <bin>/<this package>/gen/<package>/<name>: the tool writes
    # under the directory three levels up, as forge generate writes under
    # the app's directory.
    out_dir = outs[0].dirname[:-len("/gen/" + package)]

    args = ctx.actions.args()
    args.add("generate")
    args.add("--importpath", ctx.attr.importpath)
    args.add("--out", out_dir)
    args.add("--package", package)
    args.add_all(ctx.files.srcs)
    ctx.actions.run(
        executable = ctx.executable._forge,
        arguments = [args],
        inputs = ctx.files.srcs,
        outputs = outs,
        mnemonic = "ForgeGenerate",
        progress_message = "Generating %s/gen/%s from its schema" % (ctx.attr.importpath, package),
    )
    return [DefaultInfo(files = depset(outs))]

forge_generate = rule(
    implementation = _forge_generate_impl,
    doc = """Generates one package of an app's gen/ from its schema package.

The action runs the forge generator (//forge/cmd/forge, built for the exec
platform) on the schema's .go files and nothing else: no network, no Go
toolchain, no other file. It writes exactly the files `forge generate`
writes for that package, byte for byte, under `gen/<package>/` of this
package's output directory. A go_library with the matching importpath
compiles them:

```starlark
forge_generate(
    name = "gen_db_srcs",
    srcs = ["//app/schema:srcs"],
    importpath = "example.com/shop/app",
    package = "db",
)

go_library(
    name = "gen_db",
    srcs = [":gen_db_srcs"],
    importpath = "example.com/shop/app/gen/db",
    deps = [...],
)
```
""",
    attrs = {
        "srcs": attr.label_list(
            doc = "The schema package's .go files (tests and files excluded by build constraints are skipped, as go build skips them).",
            allow_files = [".go"],
            mandatory = True,
        ),
        "importpath": attr.string(
            doc = "The Go import path of the app's directory, the one whose gen/ is generated: generated code imports <importpath>/gen/db and <importpath>/jobs.",
            mandatory = True,
        ),
        "package": attr.string(
            doc = "The generated package: one of " + ", ".join(sorted(GENERATED_FILES.keys())) + ".",
            mandatory = True,
            values = sorted(GENERATED_FILES.keys()),
        ),
        "_forge": attr.label(
            default = Label("//forge/cmd/forge"),
            executable = True,
            cfg = "exec",
        ),
    },
)

"""Forge's Bazel rules: the public API. Everything under private/ may change.

    load("@forge//rules:defs.bzl", "forge_binary", "forge_generate", "forge_image", "forge_image_push", "forge_library")

See docs/rules.md.
"""

load("//rules/private:binary.bzl", _forge_binary = "forge_binary")
load("//rules/private:generate.bzl", _forge_generate = "forge_generate")
load("//rules/private:image.bzl", _forge_image = "forge_image", _forge_image_push = "forge_image_push")
load("//rules/private:library.bzl", _forge_library = "forge_library")

forge_binary = _forge_binary
forge_generate = _forge_generate
forge_image = _forge_image
forge_image_push = _forge_image_push
forge_library = _forge_library

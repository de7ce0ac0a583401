"""The pytest plugin behind ``render_emulator.pytest_plugin``: settings, backends (emulator, url, docker),
the docker orchestration and render's Java clients in containers, clean-up through HTTP, hooks and
fixtures."""

"""The permission matrix as data: see README.md in this folder."""

"""Password hashing at a cost a deadline afternoon can carry.

Argon2id with OWASP's minimum parameters (19 MiB of memory, 2 iterations, 1 lane), memory-hard. A log-in
costs 11–13 ms of CPU with argon2-cffi-bindings built for the CPU (AVX2 or AVX-512, see `scripts/_setup.sh`)
and 27 ms with PyPI's SSE2 wheel on one host (24–30 against 34–41 ms on a slower one, docs/performance.md),
against 0.35 s for PBKDF2 with 1,000,000 iterations.
Django rehashes an older hash (PBKDF2, or Argon2 with other parameters) with this one at the user's next
log-in.
"""

from django.contrib.auth.hashers import Argon2PasswordHasher


class OwaspArgon2PasswordHasher(Argon2PasswordHasher):
    time_cost = 2
    memory_cost = 19 * 1024  # KiB
    parallelism = 1

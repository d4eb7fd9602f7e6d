"""`factorytier backup [--to FOLDER]`: database and uploaded files together, with a manifest to check a restore."""

from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import connection

from factorytier.core import clock
from factorytier.core.backup import inventory, write_manifest


class Command(BaseCommand):
    help = "备份数据库和上传文件（一并），写入一个带 manifest.json 的文件夹"

    def add_arguments(self, parser):
        parser.add_argument("--to", default=str(Path(settings.DATA_DIR) / "backups"),
                            help="备份存放的上级目录（默认：数据目录下的 backups/）")

    def handle(self, *args, **options):
        stamp = clock.now().astimezone(clock.SHANGHAI).strftime("%Y%m%d-%H%M%S")
        folder = Path(options["to"]).resolve() / f"factorytier-{stamp}"
        folder.mkdir(parents=True, exist_ok=False)
        folder.chmod(0o700)
        database = folder / ("database.sqlite3" if connection.vendor == "sqlite" else "database.psql.bin")
        # The manifest is taken first: a row written between it and the dump would make the check fail loudly,
        # not pass silently. Run backups when the site is quiet (see docs/operations.md).
        manifest = inventory()
        call_command("dbbackup", output_path=str(database), verbosity=0)
        call_command("mediabackup", output_path=str(folder / "media.tar"), verbosity=0)
        manifest.update(created_at=clock.now().isoformat(), database=database.name, media="media.tar")
        write_manifest(folder, manifest)
        self.stdout.write(f"备份完成：{folder}（{sum(manifest['rows'].values())} 行数据，{len(manifest['files'])} 个文件）")
        return None

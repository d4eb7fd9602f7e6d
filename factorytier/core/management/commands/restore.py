"""`factorytier restore FOLDER`: load a backup's database and uploaded files, then check them."""

from pathlib import Path

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, connections

from factorytier.core.backup import compare, inventory, read_manifest


class Command(BaseCommand):
    help = "从 backup 命令生成的文件夹恢复数据库和上传文件，并逐项核对行数、快照摘要和文件 SHA-256"

    def add_arguments(self, parser):
        parser.add_argument("folder", help="backup 命令生成的文件夹")

    def handle(self, *args, **options):
        folder = Path(options["folder"]).resolve()
        if not (folder / "manifest.json").exists():
            raise CommandError(f"{folder} 不是备份文件夹（没有 manifest.json）")
        manifest = read_manifest(folder)
        if manifest["engine"] != connection.vendor:
            raise CommandError(f"备份来自 {manifest['engine']} 数据库，当前配置的是 {connection.vendor}")
        if connection.vendor == "sqlite":
            Path(connection.settings_dict["NAME"]).parent.mkdir(parents=True, exist_ok=True)
        connections.close_all()
        call_command("dbrestore", input_path=str(folder / manifest["database"]), interactive=False, verbosity=0)
        connections.close_all()
        call_command("mediarestore", input_path=str(folder / manifest["media"]), interactive=False, replace=True,
                     verbosity=0)
        problems = compare(manifest, inventory())
        if problems:
            raise CommandError("恢复后核对不一致：\n" + "\n".join(problems))
        self.stdout.write(f"恢复完成并核对一致：{sum(manifest['rows'].values())} 行数据，"
                          f"{len(manifest['snapshot_digests'])} 份快照，{len(manifest['files'])} 个文件")

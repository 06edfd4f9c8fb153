# PendingImport moved here from the gzpartybuild package: the table stays as it is
# (gzpartybuild_pendingimport), only Django's picture of which app owns it changes.

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ("gzpartybuild", "0001_pending_import"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='PendingImport',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('key', models.CharField(max_length=32, unique=True, verbose_name='标识')),
                        ('model_label', models.CharField(max_length=100, verbose_name='导入对象')),
                        ('file_name', models.CharField(max_length=255, verbose_name='文件名')),
                        ('extension', models.CharField(max_length=8, verbose_name='扩展名')),
                        ('data', models.BinaryField(verbose_name='文件内容')),
                        ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='上传时间')),
                        ('user', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='上传人')),
                    ],
                    options={
                        'verbose_name': '待确认的导入',
                        'verbose_name_plural': '待确认的导入',
                        'ordering': ['-created_at'],
                        'db_table': 'gzpartybuild_pendingimport',
                        'indexes': [models.Index(fields=['created_at'], name='pendingimport_created_idx')],
                    },
                ),
            ],
            database_operations=[],
        ),
    ]

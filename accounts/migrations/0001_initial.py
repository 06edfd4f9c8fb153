# SecurityEvent moved here from the project package: the table stays as it is
# (gzpartybuild_securityevent), only Django's picture of which app owns it changes. An existing
# database's content type follows the model, so the auditor permission stays with its holders.

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models


def move_content_type(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    db = schema_editor.connection.alias
    if not ContentType.objects.using(db).filter(app_label="accounts", model="securityevent").exists():
        ContentType.objects.using(db).filter(app_label="gzpartybuild", model="securityevent").update(
            app_label="accounts"
        )


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ("gzpartybuild", "0003_security_event"),
        ("contenttypes", "0002_remove_content_type_name"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='SecurityEvent',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('at', models.DateTimeField(db_index=True, default=django.utils.timezone.now, verbose_name='时间')),
                        ('kind', models.CharField(choices=[('sign_in', '登录'), ('sign_out', '退出登录'), ('sign_in_failed', '登录失败'), ('locked_out', '账号锁定'), ('second_factor', '两步验证'), ('second_factor_enrolled', '开启两步验证'), ('second_factor_reset', '重置两步验证'), ('password_changed', '修改密码'), ('rights_changed', '权限或分组变更'), ('export', '导出'), ('import', '导入'), ('backup', '备份'), ('restore', '恢复')], max_length=32, verbose_name='事件')),
                        ('outcome', models.CharField(choices=[('success', '成功'), ('failure', '失败')], default='success', max_length=16, verbose_name='结果')),
                        ('username', models.CharField(blank=True, max_length=150, verbose_name='用户名')),
                        ('address', models.GenericIPAddressField(blank=True, null=True, verbose_name='来源地址')),
                        ('object', models.CharField(blank=True, max_length=300, verbose_name='对象')),
                        ('detail', models.CharField(blank=True, max_length=500, verbose_name='说明')),
                        ('user', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='操作用户')),
                    ],
                    options={
                        'verbose_name': '安全审计记录',
                        'verbose_name_plural': '安全审计记录',
                        'ordering': ['-at', '-pk'],
                        'permissions': [('audit_securityevent', '可查阅和导出安全审计日志')],
                        'default_permissions': (),
                        'db_table': 'gzpartybuild_securityevent',
                    },
                ),
            ],
            database_operations=[],
        ),
        migrations.RunPython(move_content_type, migrations.RunPython.noop),
    ]

"""UserProfile, moved here from core with its table (core_userprofile) unchanged: state only. Existing
databases keep their rows; the content type follows so old audit entries still name the profile."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


def content_type_follows(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    ContentType.objects.filter(app_label="core", model="userprofile").update(app_label="accounts")


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('contenttypes', '0002_remove_content_type_name'),
        ('core', '0005_merge_accounts_and_security'),
        ('buildings', '0003_merge_filing_and_present_count'),
        ('geo', '0001_initial'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(state_operations=[migrations.CreateModel(
            name='UserProfile',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('role', models.CharField(choices=[('city_admin', '市级管理员'), ('city_viewer', '市领导（只读）'), ('district_editor', '地区填报员'), ('department', '部门用户'), ('operator', '楼宇运营方')], default='city_viewer', max_length=20, verbose_name='角色')),
                ('department', models.CharField(blank=True, default='', max_length=100, verbose_name='所属部门')),
                ('failed_logins', models.PositiveIntegerField(default=0, verbose_name='连续登录失败次数')),
                ('locked_until', models.DateTimeField(blank=True, null=True, verbose_name='锁定至')),
                ('must_change_password', models.BooleanField(default=False, verbose_name='首次登录须修改密码')),
                ('is_system_admin', models.BooleanField(default=False, verbose_name='系统管理员')),
                ('is_security_admin', models.BooleanField(default=False, verbose_name='安全管理员')),
                ('is_audit_admin', models.BooleanField(default=False, verbose_name='审计管理员')),
                ('buildings', models.ManyToManyField(blank=True, related_name='+', to='buildings.building', verbose_name='运营楼宇')),
                ('district', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='geo.district', verbose_name='所属地区')),
                ('user', models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, related_name='profile', to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'verbose_name': '用户角色',
                'verbose_name_plural': '用户角色',
                'db_table': 'core_userprofile',
                'constraints': [models.CheckConstraint(condition=models.Q(models.Q(('role', 'district_editor'), _negated=True), ('district__isnull', False), _connector='OR'), name='district_editor_has_district'), models.CheckConstraint(condition=models.Q(models.Q(('is_system_admin', True), ('is_security_admin', True), _negated=True), models.Q(('is_system_admin', True), ('is_audit_admin', True), _negated=True), models.Q(('is_security_admin', True), ('is_audit_admin', True), _negated=True)), name='profile_one_admin_duty', violation_error_message='三员分立：系统管理员、安全管理员、审计管理员须由不同账户担任')],
            },
        )]),
        migrations.RunPython(content_type_follows, migrations.RunPython.noop),
    ]

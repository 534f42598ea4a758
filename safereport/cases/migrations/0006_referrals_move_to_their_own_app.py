# The referral models leave the cases app for the referrals app; the tables stay.

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('cases', '0005_case_status_state_field'),
        ('referrals', '0001_initial'),
    ]

    operations = [
        # The tables stay (now owned by the referrals app); only the state moves.
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
            migrations.RemoveField(
                model_name='referralservice',
                name='organisation',
            ),
            migrations.DeleteModel(
                name='Referral',
            ),
            migrations.DeleteModel(
                name='ReferralService',
            ),
            ],
        ),
    ]

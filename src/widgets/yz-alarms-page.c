/* placeholder while the shell is written */ typedef int yz_placeholder_yz_alarms_page;

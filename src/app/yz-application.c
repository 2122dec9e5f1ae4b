typedef int yz_placeholder_app;

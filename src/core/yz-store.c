typedef int yz_placeholder_store;

mod matcher;

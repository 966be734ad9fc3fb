-- E-consultation, second half (issue 11): the outcome a committee records once a topic's vote has
-- closed (a meeting's resolution lives in consultation_meetings).
ALTER TABLE `consultation_votes` ADD COLUMN `outcome` VARCHAR(2000) NULL;
